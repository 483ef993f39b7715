import { defineRule } from "../rule.js";
import { writtenAt } from "./swarm-support.js";

/**
 * Service keys `docker stack deploy` accepts and drops ("Ignoring unsupported options", and
 * container_name as a deprecated option): what the task does without them, and the Swarm way.
 * build, restart and network_mode have rules of their own.
 */
export const ignored: Readonly<Record<string, { readonly effect: string; readonly fix: string }>> = {
  container_name: { effect: "tasks are named STACK_SERVICE.SLOT.TASKID; nothing can reach the container by this name", fix: "reach the service by its service name on a shared network" },
  links: { effect: "no link aliases are made", fix: "put both services on one network and use the service name (or a network alias)" },
  external_links: { effect: "containers outside the stack are not linked", fix: "attach the outside service to an attachable overlay network the stack also uses" },
  privileged: { effect: "the task runs unprivileged", fix: "grant only the capabilities it needs with cap_add" },
  devices: { effect: "no host device is mapped into the task", fix: "run that workload outside Swarm, or use a generic resource (`deploy.resources.reservations.generic_resources`)" },
  security_opt: { effect: "seccomp, AppArmor and SELinux options are not applied", fix: "configure the profile on the nodes' engines instead" },
  shm_size: { effect: "/dev/shm keeps its 64 MB default", fix: "mount a tmpfs at /dev/shm with the size you need" },
  pid: { effect: "the task gets its own PID namespace", fix: "run workloads that must share the host PID namespace outside Swarm" },
  ipc: { effect: "the task gets its own IPC namespace", fix: "share data through a volume or the network instead of IPC" },
  userns_mode: { effect: "the engine's user-namespace setting applies", fix: "set userns-remap on the nodes' engines" },
  cgroup_parent: { effect: "tasks go to the engine's default cgroup", fix: "set the cgroup parent on the nodes' engines" },
  cgroupns_mode: { effect: "the engine's default cgroup namespace mode applies", fix: "set default-cgroupns-mode on the nodes' engines" },
  domainname: { effect: "the task keeps the default domain name", fix: "set the domain in the hostname or in dns_search" },
  mac_address: { effect: "the task gets a generated MAC address", fix: "do not depend on a fixed MAC address under Swarm" },
};

export const swarmOptionIgnored = defineRule({
  id: "swarm-option-ignored",
  group: "compose",
  severity: "warning",
  title: "Swarm: docker stack deploy ignores this compose key",
  doc: {
    why: "`docker stack deploy` accepts these keys and drops them with one line on stderr (\"Ignoring unsupported options: privileged, links\"): the stack deploys, but a container that relied on a fixed name, a link alias, privileges, a device or a bigger /dev/shm behaves differently or fails on the cluster.",
    example: "services:\n  api:\n    image: shop-api:1.4\n    container_name: shop-api\n    links: [db]",
    fix: "Remove the key from the file you deploy to Swarm and use the Swarm way named in the finding (service names on a shared network, cap_add, a tmpfs at /dev/shm, engine settings on the nodes).",
  },
  check(context, report) {
    for (const view of context.services) {
      for (const [key, advice] of Object.entries(ignored)) {
        const at = writtenAt(context, ["services", view.name, key]);
        if (at === undefined) continue;
        report({ at, message: `service "${view.name}": docker stack deploy ignores ${key}: ${advice.effect}`, hint: advice.fix });
      }
    }
  },
});
