import { createHash } from "node:crypto";
import type { Service } from "../compose/model/project.js";

/**
 * What counts as "changed": a hash of the service as it would be printed by `config`, with keys
 * sorted, minus what does not affect the container (build settings, scale, depends_on).
 * (To be replaced by src/engine/config-hash.ts once the engine layer exports it.)
 */
export function serviceConfigHash(service: Service): string {
  const { build: _build, deploy, depends_on: _dependsOn, scale: _scale, ...rest } = service;
  const relevant = { ...rest, deploy: deploy ? { ...deploy, replicas: undefined } : undefined };
  return createHash("sha256").update(stableJson(relevant)).digest("hex");
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
