import { createHash } from "node:crypto";
import type { Service } from "../compose/model/project.js";

/**
 * Keys that do not change the container itself, so changing them must not recreate it. Same
 * list as docker compose's `ServiceHash`: how the image is made (build, pull_policy), how many
 * replicas run (scale, deploy.replicas), start order (depends_on) and selection (profiles).
 * env_file is left out too: its values are already in `environment`, which is hashed.
 */
const ignoredKeys = new Set(["build", "pull_policy", "scale", "depends_on", "profiles", "env_file"]);

/**
 * A stable hash of a service's normalised config, written in `com.docker.compose.config-hash`:
 * a container whose label differs from this is out of date. Keys are sorted at every level, so
 * the same config always gives the same hash, whatever order the files wrote it in. (The value
 * differs from compose's own, which hashes Go struct field order; equal configs still match
 * between berth runs, which is what recreate decisions need.)
 */
export function serviceConfigHash(service: Service): string {
  return createHash("sha256")
    .update(stableJson(hashedView(service)))
    .digest("hex");
}

function hashedView(service: Service): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(service)) if (!ignoredKeys.has(key)) view[key] = value;
  const deploy = service.deploy as Record<string, unknown> | undefined;
  if (deploy !== undefined)
    view["deploy"] = Object.fromEntries(Object.entries(deploy).filter(([key]) => key !== "replicas"));
  return view;
}

/** JSON with object keys sorted and `undefined` members dropped, like a canonical encoder. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (member === null || typeof member !== "object" || Array.isArray(member)) return member;
    const entries = Object.entries(member as Record<string, unknown>).filter(
      ([, inner]) => inner !== undefined,
    );
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
