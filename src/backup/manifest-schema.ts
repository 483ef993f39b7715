import { basename } from "node:path";
import { ConfigError } from "../common/errors.js";
import type { DriverName } from "./backup-config.js";
import type { BackupFacts, BackupManifest, DrillRecord } from "./manifest.js";

/**
 * A manifest is read back from a folder anyone with write access could have edited: it is
 * untrusted input. Every field is checked for type and shape before berth acts on it, and the
 * fields that reach a container (the artifact's name, the image id, connection details) must be
 * plain names: they are passed as argv or environment, never pasted into shell text, and the
 * artifact must be the file that sits next to the manifest, so the checksum berth verifies is
 * over the very file it restores.
 */
export function validateManifest(value: unknown, manifestPath: string): BackupManifest {
  const at = new FieldReader(value, manifestPath);
  if (at.raw["manifestVersion"] !== 1) throw at.fail("manifestVersion", "is not 1: not a berth backup manifest (or from a newer berth)");
  const artifact = at.string("artifact", plainFileName);
  const expected = basename(manifestPath).replace(/\.manifest\.json$/, "");
  if (artifact !== expected) throw at.fail("artifact", `names ${JSON.stringify(artifact).slice(0, 80)}, but the manifest belongs to ${expected}`);
  const drill = at.raw["drill"] === undefined ? undefined : drillRecord(new FieldReader(at.raw["drill"], manifestPath, "drill."));
  return {
    manifestVersion: 1,
    project: at.string("project", /^[a-z0-9][a-z0-9_-]{0,254}$/),
    service: at.string("service", /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/),
    driver: at.oneOf<DriverName>("driver", ["postgres", "redis", "volume"]),
    image: at.string("image", /^[^\s"'`$\\;|&<>]{1,512}$/),
    imageId: at.string("imageId", /^sha256:[0-9a-f]{64}$/),
    artifact,
    createdAt: at.string("createdAt", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
    durationMs: at.count("durationMs"),
    sizeBytes: at.count("sizeBytes"),
    sha256: at.string("sha256", /^[0-9a-f]{64}$/),
    compressed: at.boolean("compressed"),
    berthVersion: at.string("berthVersion", /^[0-9A-Za-z.+-]{1,64}$/),
    source: at.stringMap("source", /^[A-Za-z0-9_$.-]{1,128}$/),
    facts: facts(new FieldReader(at.raw["facts"], manifestPath, "facts.")),
    ...(drill === undefined ? {} : { drill }),
    ...at.optional("node", () => at.string("node", /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/)),
  };
}

/** A file name berth itself could have written: no folder, no leading dot, no shell characters. */
const plainFileName = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;

function facts(at: FieldReader): BackupFacts {
  return {
    ...at.optional("tables", () => at.countMap("tables")),
    ...at.optional("keys", () => at.countMap("keys")),
    ...at.optional("keysAfter", () => at.countMap("keysAfter")),
    ...at.optional("files", () => at.count("files")),
    ...at.optional("filesChecksum", () => at.string("filesChecksum", /^[0-9a-f]{64}$/)),
  };
}

function drillRecord(at: FieldReader): DrillRecord {
  const checks = at.raw["checks"];
  if (!Array.isArray(checks) || checks.some((check) => typeof check !== "string")) throw at.fail("checks", "is not a list of strings");
  return {
    ok: at.boolean("ok"),
    at: at.string("at", /^\d{4}-\d\d-\d\dT[\d:.]+Z$/),
    durationMs: at.count("durationMs"),
    checks: checks as string[],
    ...at.optional("error", () => at.string("error", /^[\s\S]{0,10000}$/)),
  };
}

/** Reads typed fields out of one JSON object; a wrong one is a ConfigError naming the file and key. */
class FieldReader {
  readonly raw: Readonly<Record<string, unknown>>;

  constructor(
    value: unknown,
    private readonly path: string,
    private readonly prefix = "",
  ) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw this.fail("", "is not a JSON object");
    this.raw = value as Record<string, unknown>;
  }

  fail(key: string, why: string): ConfigError {
    const field = `${this.prefix}${key}`.replace(/\.$/, "");
    return new ConfigError("backup.manifest", `${this.path}: ${field === "" ? "the manifest" : `field ${field}`} ${why}`, {
      hint: "berth does not act on a manifest it did not write; take a new backup, or restore the manifest from where you keep copies",
    });
  }

  string(key: string, shape: RegExp): string {
    const value = this.raw[key];
    if (typeof value !== "string") throw this.fail(key, `is ${describe(value)}, not a string`);
    if (!shape.test(value)) throw this.fail(key, `has a value berth does not accept (${JSON.stringify(value.slice(0, 60))})`);
    return value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const value = this.raw[key];
    if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) throw this.fail(key, `must be one of ${allowed.join(", ")}`);
    return value as T;
  }

  count(key: string): number {
    const value = this.raw[key];
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) throw this.fail(key, `is ${describe(value)}, not a whole number of at least 0`);
    return value;
  }

  boolean(key: string): boolean {
    const value = this.raw[key];
    if (typeof value !== "boolean") throw this.fail(key, `is ${describe(value)}, not true or false`);
    return value;
  }

  stringMap(key: string, shape: RegExp): Record<string, string> {
    const inner = new FieldReader(this.raw[key], this.path, `${this.prefix}${key}.`);
    return Object.fromEntries(Object.keys(inner.raw).map((name) => [checkedKey(inner, name), inner.string(name, shape)]));
  }

  countMap(key: string): Record<string, number> {
    const inner = new FieldReader(this.raw[key], this.path, `${this.prefix}${key}.`);
    return Object.fromEntries(Object.keys(inner.raw).map((name) => [checkedKey(inner, name), inner.count(name)]));
  }

  optional<K extends string, T>(key: K, read: () => T): { [P in K]?: T } {
    return (this.raw[key] === undefined ? {} : { [key]: read() }) as { [P in K]?: T };
  }
}

/** Keys are only compared (table, database and source names), never run: any text of sane length. */
function checkedKey(at: FieldReader, name: string): string {
  if (name.length === 0 || name.length > 300 || name === "__proto__") throw at.fail(name, "is not a name berth writes");
  return name;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : typeof value;
}
