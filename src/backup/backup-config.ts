import { isAbsolute, resolve } from "node:path";
import { ConfigError } from "../common/errors.js";
import type { Project, Service } from "../compose/model/project.js";

/** Project-wide backup settings: `x-berth.backup` at the top level of the compose file. */
export interface ProjectBackupConfig {
  /** Absolute folder for backups, when the files set one (relative paths resolve against the project). */
  readonly dir?: string;
  /** Backups kept per service after a new one succeeds; all when absent. */
  readonly retention?: number;
  readonly compress: boolean;
  /** Back up the stateful services before `up` runs a migration job. */
  readonly beforeMigrate: boolean;
}

export type DriverName = "postgres" | "redis" | "volume";

/** A service's own settings: `x-berth.backup` under the service. */
export interface ServiceBackupConfig {
  readonly driver?: DriverName | "none";
  /** The named volume (its key in the file) the volume driver copies. */
  readonly volume?: string;
  /** How the volume driver gets a consistent copy: stop the writer (default) or trust it. */
  readonly consistency: "stop" | "none";
  /** Run in the service before copying a volume (a flush or the app's own snapshot command). */
  readonly snapshotCommand?: readonly string[];
  readonly database?: string;
  readonly user?: string;
  /** pg_dump's gzip level (0-9); pg_dump's own default (6) when absent. */
  readonly compressionLevel?: number;
}

type Raw = Readonly<Record<string, unknown>>;

/** Reads and checks the top-level `x-berth.backup`; ConfigError names the key and its place. */
export function readProjectBackupConfig(project: Project): ProjectBackupConfig {
  const raw = backupSection(project.extensions["x-berth"], project, ["x-berth", "backup"]);
  const where = (key: string) => ["x-berth", "backup", key];
  const dir = optionalString(raw, "dir", project, where("dir"));
  const retention = optionalCount(raw, "retention", project, where("retention"));
  return {
    ...(dir === undefined ? {} : { dir: isAbsolute(dir) ? dir : resolve(project.meta.workingDir, dir) }),
    ...(retention === undefined ? {} : { retention }),
    compress: optionalBoolean(raw, "compress", project, where("compress")) ?? false,
    beforeMigrate: optionalBoolean(raw, "before_migrate", project, where("before_migrate")) ?? false,
  };
}

/** Reads and checks `services.NAME.x-berth.backup`. */
export function readServiceBackupConfig(project: Project, service: Service): ServiceBackupConfig {
  const base = ["services", service.name, "x-berth", "backup"];
  const raw = backupSection(service["x-berth"], project, base);
  const at = (key: string) => [...base, key];
  const driver = optionalString(raw, "driver", project, at("driver"));
  if (driver !== undefined && !["postgres", "redis", "volume", "none"].includes(driver)) {
    throw located(project, at("driver"), `driver must be postgres, redis, volume or none, got "${driver}"`);
  }
  const consistency = optionalString(raw, "consistency", project, at("consistency")) ?? "stop";
  if (consistency !== "stop" && consistency !== "none") throw located(project, at("consistency"), `consistency must be stop or none, got "${consistency}"`);
  const volume = optionalString(raw, "volume", project, at("volume"));
  const snapshot = raw["snapshot_command"];
  const database = optionalString(raw, "database", project, at("database"));
  const user = optionalString(raw, "user", project, at("user"));
  const level = raw["compression_level"];
  if (level !== undefined && (typeof level !== "number" || !Number.isInteger(level) || level < 0 || level > 9)) {
    throw located(project, at("compression_level"), "compression_level must be a whole number from 0 (none) to 9 (smallest)");
  }
  return {
    consistency,
    ...(driver === undefined ? {} : { driver: driver as DriverName | "none" }),
    ...(volume === undefined ? {} : { volume }),
    ...(snapshot === undefined ? {} : { snapshotCommand: commandOf(snapshot, project, at("snapshot_command")) }),
    ...(database === undefined ? {} : { database }),
    ...(user === undefined ? {} : { user }),
    ...(level === undefined ? {} : { compressionLevel: level }),
  };
}

function backupSection(berth: unknown, project: Project, path: readonly string[]): Raw {
  if (berth === undefined || berth === null) return {};
  if (!isRecord(berth)) throw located(project, path.slice(0, -1), "x-berth must be a mapping");
  const section = berth["backup"];
  if (section === undefined || section === null) return {};
  if (!isRecord(section)) throw located(project, path, "x-berth.backup must be a mapping");
  return section;
}

function optionalString(raw: Raw, key: string, project: Project, path: readonly string[]): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value === "") throw located(project, path, `${key} must be a non-empty string`);
  return value;
}

function optionalBoolean(raw: Raw, key: string, project: Project, path: readonly string[]): boolean | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  throw located(project, path, `${key} must be true or false`);
}

function optionalCount(raw: Raw, key: string, project: Project, path: readonly string[]): number | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  const count = typeof value === "string" ? Number(value) : value;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1) throw located(project, path, `${key} must be a whole number of at least 1`);
  return count;
}

function commandOf(value: unknown, project: Project, path: readonly string[]): readonly string[] {
  if (typeof value === "string" && value !== "") return ["sh", "-c", value];
  if (Array.isArray(value) && value.length > 0 && value.every((part) => typeof part === "string")) return value as string[];
  throw located(project, path, "snapshot_command must be a string (run by sh -c) or a list of words");
}

function located(project: Project, path: readonly string[], message: string): ConfigError {
  const location = project.meta.sourceMap.locateNearest(path);
  return new ConfigError("backup.config", `${path.join(".")}: ${message}`, {
    ...(location === undefined ? {} : { location }),
    hint: "see `berth backup --help` for the x-berth.backup keys",
  });
}

function isRecord(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
