import { createHash } from "node:crypto";
import type { Project, SecretOrConfig } from "../compose/model/project.js";
import type { FileObjectNames } from "./convert-service.js";
import { withStackLabel } from "./convert-service.js";
import type { FileObjectSpec, NetworkSpec } from "./swarm-spec.js";

/**
 * The stack's own networks as `docker stack deploy` creates them (docker/cli's convertNetworks):
 * `<stack>_<net>`, overlay unless a driver is written, the stack's label; external networks are
 * the user's and are not created. berth makes them attachable, so a probe container can join one
 * later (verify from inside the overlay).
 */
export function stackNetworks(project: Project): NetworkSpec[] {
  return Object.values(project.networks)
    .filter((network) => network.external !== true)
    .map((network) => ({
      Name: network.name,
      Labels: withStackLabel(project.name, network.labels),
      Driver: network.driver ?? "overlay",
      Scope: "swarm",
      ...(network.internal === true ? { Internal: true } : {}),
      Attachable: true,
      ...(network.driver_opts ? { Options: network.driver_opts } : {}),
    }));
}

/** Swarm's limit on a secret's or config's name. */
const maxNameLength = 64;

/**
 * The stack's secrets and configs with their content. Swarm never changes a secret's data, so
 * each name carries a hash of the content (`<stack>_<key>-<hash>`): a changed file makes a new
 * object and the service update points at it; the old one is removed once nothing uses it.
 * `read` reads a file's bytes (the project's absolute path).
 */
export function stackFileObjects(project: Project, read: (path: string) => Buffer): FileObjectSpec[] {
  const objects = (kind: "secret" | "config", entries: Readonly<Record<string, SecretOrConfig>>) =>
    Object.entries(entries)
      .filter(([, entry]) => entry.external !== true)
      .map(([key, entry]): FileObjectSpec => {
        const data = contentOf(project, entry, read);
        const hash = createHash("sha256").update(data).digest("hex").slice(0, 12);
        const base = entry.name.slice(0, maxNameLength - hash.length - 1);
        return { kind, key, Name: `${base}-${hash}`, Labels: withStackLabel(project.name, entry.labels), Data: data.toString("base64") };
      });
  return [...objects("secret", project.secrets), ...objects("config", project.configs)];
}

function contentOf(project: Project, entry: SecretOrConfig, read: (path: string) => Buffer): Buffer {
  if (entry.file !== undefined) return read(entry.file);
  if (entry.content !== undefined) return Buffer.from(entry.content);
  return Buffer.from(project.meta.environment[entry.environment ?? ""] ?? "");
}

/** What services call each secret and config: the hashed name of the stack's own, the written name of an external one. */
export function fileObjectNames(project: Project, objects: readonly FileObjectSpec[]): FileObjectNames {
  const names = (kind: "secret" | "config", entries: Readonly<Record<string, SecretOrConfig>>) =>
    Object.fromEntries(Object.entries(entries).map(([key, entry]) => [key, objects.find((object) => object.kind === kind && object.key === key)?.Name ?? entry.name]));
  return { secrets: names("secret", project.secrets), configs: names("config", project.configs) };
}
