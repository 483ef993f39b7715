import { defineRule } from "../rule.js";
import { writtenAt } from "./swarm-support.js";

/** Service keys the stack file format (docker/cli's compose schema 3.13) knows; any other key fails its validation. */
const stackServiceKeys: ReadonlySet<string> = new Set([
  "build", "cap_add", "cap_drop", "cgroup_parent", "cgroupns_mode", "command", "configs", "container_name", "credential_spec",
  "depends_on", "deploy", "devices", "dns", "dns_search", "domainname", "entrypoint", "env_file", "environment", "expose",
  "external_links", "extra_hosts", "healthcheck", "hostname", "image", "init", "ipc", "isolation", "labels", "links", "logging",
  "mac_address", "network_mode", "networks", "oom_score_adj", "pid", "ports", "privileged", "read_only", "restart", "secrets",
  "security_opt", "shm_size", "stdin_open", "stop_grace_period", "stop_signal", "sysctls", "tmpfs", "tty", "ulimits", "user",
  "userns_mode", "volumes", "working_dir",
]);

/** Keys docker/cli refuses by name ("compose file contains unsupported options"), with what to write instead. */
export const forbidden: Readonly<Record<string, string>> = {
  mem_limit: "set `deploy.resources.limits.memory`",
  memswap_limit: "set `deploy.resources.limits.memory` (Swarm has no swap limit)",
  cpu_shares: "set `deploy.resources.limits.cpus` / `reservations.cpus`",
  cpu_quota: "set `deploy.resources.limits.cpus`",
  cpuset: "set `deploy.resources.limits.cpus` (Swarm cannot pin CPUs)",
  volumes_from: "define a named volume at top level and list it in each service that shares it",
  volume_driver: "set the driver on the top-level volume instead",
};

/** Keys of the compose specification the stack format lacks, with the Swarm way to say the same. */
export const instead: Readonly<Record<string, string>> = {
  cpus: "set `deploy.resources.limits.cpus`",
  mem_reservation: "set `deploy.resources.reservations.memory`",
  pids_limit: "set `deploy.resources.limits.pids`",
  profiles: "deploy a separate stack file (or `-c base.yaml -c extra.yaml`) for optional services",
  pull_policy: "remove it: every node pulls the image when a task needs it",
  scale: "set `deploy.replicas`",
  platform: "remove it: place the service with `deploy.placement.constraints: [node.platform.arch == ...]`",
};

export const swarmOptionRejected = defineRule({
  id: "swarm-option-rejected",
  group: "compose",
  severity: "error",
  title: "Swarm: docker stack deploy refuses this compose key",
  doc: {
    why: "`docker stack deploy` validates the file against the older stack format (compose file version 3) and refuses it outright on keys it forbids (`mem_limit`, `cpu_shares`, `volumes_from`, ...) and on keys that format never had (`cpus`, `profiles`, `pull_policy`, `depends_on` conditions, a top-level `name`, secrets from `environment`). Nothing is deployed.",
    example: "services:\n  api:\n    image: shop-api:1.4\n    mem_limit: 256m",
    fix: "Write the Swarm form: limits and reservations under `deploy.resources`, replicas under `deploy.replicas`, shared data as a named volume; give the stack its name on the command line (`docker stack deploy -c compose.yaml NAME`).",
  },
  check(context, report) {
    for (const view of context.services) {
      for (const key of Object.keys(view.service)) {
        if (key.startsWith("x-")) continue;
        const at = writtenAt(context, ["services", view.name, key]);
        if (at === undefined) continue;
        const forbiddenFix = forbidden[key];
        if (forbiddenFix !== undefined) {
          report({ at, message: `service "${view.name}": docker stack deploy refuses ${key} ("compose file contains unsupported options")`, hint: forbiddenFix });
        } else if (!stackServiceKeys.has(key)) {
          report({ at, message: `service "${view.name}": ${key} is not part of the stack file format; docker stack deploy rejects the file ("Additional property ${key} is not allowed")`, hint: instead[key] ?? `remove ${key} from the file you deploy to Swarm` });
        }
      }
    }
    const name = writtenAt(context, ["name"]);
    if (name !== undefined) report({ at: name, message: "the top-level name is not part of the stack file format; docker stack deploy rejects the file", hint: "drop `name:` from the file you deploy to Swarm and name the stack on the command line: docker stack deploy -c compose.yaml NAME" });
    for (const [kind, entries] of [["secrets", context.project.secrets], ["configs", context.project.configs]] as const) {
      for (const [key, entry] of Object.entries(entries)) {
        const source = entry.environment !== undefined ? "environment" : entry.content !== undefined ? "content" : undefined;
        if (source === undefined) continue;
        report({ at: context.locate([kind, key, source]), message: `${kind} "${key}" takes its value from ${source}, which the stack file format lacks; docker stack deploy rejects the file`, hint: `create it beforehand (docker ${kind.slice(0, -1)} create ${key} -) and declare it \`external: true\`, or point \`file:\` at a file` });
      }
    }
  },
});
