import { ConfigError, formatLocation, type SourceLocation } from "../common/errors.js";
import type { Project, Service } from "../compose/model/project.js";
import { ignored } from "../check/rules/swarm-option-ignored.js";
import { forbidden, instead } from "../check/rules/swarm-option-rejected.js";

/** What berth's Swarm target cannot deploy as written: where, what, and the Swarm way. */
export interface Refusal {
  readonly service?: string;
  readonly key: string;
  readonly location?: SourceLocation;
  readonly message: string;
  readonly hint: string;
}

/** Keys of the compose specification the stack format lacks but berth applies itself (profiles are applied by the loader). */
const appliedByBerth: ReadonlySet<string> = new Set(["profiles"]);

/**
 * Everything in the project the Swarm converter does not turn into what the file asks for, in
 * `berth check --target swarm`'s words: keys `docker stack deploy` refuses, keys it silently drops
 * (berth refuses them: a deploy must not quietly differ from the file), a service without an
 * image, a published port bound to an address, volume kinds Swarm has no mount for. Only keys the
 * user wrote count (the loader's defaults have no position).
 */
export function refusalsOf(project: Project): Refusal[] {
  return Object.values(project.services).flatMap((service) => [...keyRefusals(project, service), ...portRefusals(project, service), ...volumeRefusals(project, service), ...imageRefusals(project, service)]);
}

function at(project: Project, path: readonly (string | number)[]): SourceLocation | undefined {
  return project.meta.sourceMap.locate(path);
}

function keyRefusals(project: Project, service: Service): Refusal[] {
  return Object.keys(service).flatMap((key): Refusal[] => {
    const location = at(project, ["services", service.name, key]);
    if (location === undefined || appliedByBerth.has(key)) return [];
    const base = { service: service.name, key, location };
    const rejectedFix = forbidden[key] ?? instead[key];
    if (rejectedFix !== undefined) return [{ ...base, message: `service "${service.name}": ${key} has no Swarm equivalent; docker stack deploy refuses it too`, hint: rejectedFix }];
    const drop = ignored[key];
    if (drop !== undefined) return [{ ...base, message: `service "${service.name}": ${key} is not applied on Swarm (${drop.effect})`, hint: `remove ${key}; ${drop.fix}` }];
    if (key === "network_mode") return [{ ...base, message: `service "${service.name}": network_mode is not applied on Swarm: the task joins the stack's overlay networks`, hint: "remove network_mode and list the networks the service needs under `networks:`" }];
    return [];
  });
}

function portRefusals(project: Project, service: Service): Refusal[] {
  return (service.ports ?? []).flatMap((port, index): Refusal[] => {
    const location = at(project, ["services", service.name, "ports", index]);
    const base = { service: service.name, key: "ports", ...(location ? { location } : {}) };
    if (port.host_ip !== undefined && port.host_ip !== "") {
      return [{ ...base, message: `service "${service.name}": port ${port.published ?? ""}:${port.target} is bound to ${port.host_ip}, but Swarm has no host address: it would open on every interface of the node`, hint: "do not publish what must stay private (reach it over the overlay network); publish without an address and firewall the nodes for what must be public" }];
    }
    if (port.published !== undefined && !/^\d*$/.test(port.published)) {
      return [{ ...base, message: `service "${service.name}": published port range ${port.published} is not supported by berth's Swarm target`, hint: "publish each port on its own line" }];
    }
    if (port.mode !== "host" && service.deploy?.["endpoint_mode"] === "dnsrr") {
      return [{ ...base, message: `service "${service.name}": Swarm refuses an ingress-mode port on a service with endpoint_mode dnsrr ("port published with ingress mode can't be used with dnsrr mode")`, hint: "publish it with `mode: host`, or use endpoint_mode vip" }];
    }
    return [];
  });
}

function volumeRefusals(project: Project, service: Service): Refusal[] {
  return (service.volumes ?? []).flatMap((volume, index): Refusal[] => {
    const location = at(project, ["services", service.name, "volumes", index]);
    const base = { service: service.name, key: "volumes", ...(location ? { location } : {}) };
    if (volume.type !== "volume" && volume.type !== "bind" && volume.type !== "tmpfs") {
      return [{ ...base, message: `service "${service.name}": a ${volume.type} mount at ${volume.target} has no Swarm equivalent`, hint: "use a named volume, a bind mount or a tmpfs" }];
    }
    if (volume.volume?.subpath !== undefined) {
      return [{ ...base, message: `service "${service.name}": volume subpath (${volume.target}) needs Engine API 1.45; berth's Swarm target speaks 1.41 (engine 20.10)`, hint: "mount the whole volume and point the program at the sub-folder" }];
    }
    return [];
  });
}

function imageRefusals(project: Project, service: Service): Refusal[] {
  if (service.image !== undefined && service.image !== "") return [];
  const location = at(project, ["services", service.name, "build"]) ?? at(project, ["services", service.name]);
  return [{ service: service.name, key: "image", ...(location ? { location } : {}), message: `service "${service.name}" has no image: Swarm builds nothing ("no image specified")`, hint: "build the image, load it into every node or push it to a registry they reach, and set `image:` to that reference" }];
}

/** One error listing every refusal at its file:line, so a user fixes them all in one go. */
export function refusalError(refusals: readonly Refusal[]): ConfigError {
  const lines = refusals.map((refusal) => `  ${refusal.location ? `${formatLocation(refusal.location)}: ` : ""}${refusal.message}\n    fix: ${refusal.hint}`);
  const first = refusals[0];
  return new ConfigError("swarm.unsupported", `berth cannot deploy this file to Swarm as written (${refusals.length} problem(s)); nothing was changed:\n${lines.join("\n")}`, {
    hint: "`berth check --target swarm` lists these and every other difference on Swarm",
    ...(first?.location ? { location: first.location } : {}),
  });
}
