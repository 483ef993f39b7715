import { isAbsolute, resolve } from "node:path";
import { ConfigError, UsageError } from "../common/errors.js";
import type { Project } from "../compose/model/project.js";
import { driverForImage } from "../backup/select-driver.js";

/** Where `berth migrate` finds its files and which service runs them. */
export interface MigrateSettings {
  readonly service: string;
  /** Absolute folder of the numbered `.sql` files. */
  readonly dir: string;
  readonly database?: string;
  readonly user?: string;
}

/**
 * Flags over `x-berth.migrate` (`service`, `dir`, `database`, `user`) over defaults: the only
 * Postgres service of the project, and `migrations/` in the project folder.
 */
export function migrateSettings(project: Project, flags: { service?: string; dir?: string; cwd: string }): MigrateSettings {
  const raw = sectionOf(project);
  const text = (key: string) => (typeof raw[key] === "string" ? (raw[key] as string) : undefined);
  const service = flags.service ?? text("service") ?? onlyPostgres(project);
  if (project.services[service] === undefined) throw new UsageError(`no such service: ${service}`);
  const configured = text("dir");
  const dir = flags.dir !== undefined ? resolve(flags.cwd, flags.dir) : configured !== undefined ? (isAbsolute(configured) ? configured : resolve(project.meta.workingDir, configured)) : resolve(project.meta.workingDir, "migrations");
  const database = text("database");
  const user = text("user");
  return { service, dir, ...(database === undefined ? {} : { database }), ...(user === undefined ? {} : { user }) };
}

function sectionOf(project: Project): Readonly<Record<string, unknown>> {
  const berth = project.extensions["x-berth"];
  const section = typeof berth === "object" && berth !== null ? (berth as Record<string, unknown>)["migrate"] : undefined;
  if (section === undefined || section === null) return {};
  if (typeof section !== "object" || Array.isArray(section)) {
    const location = project.meta.sourceMap.locateNearest(["x-berth", "migrate"]);
    throw new ConfigError("migrate.config", "x-berth.migrate must be a mapping (service, dir, database, user)", location === undefined ? {} : { location });
  }
  return section as Record<string, unknown>;
}

function onlyPostgres(project: Project): string {
  const candidates = Object.values(project.services).filter((service) => service.image !== undefined && driverForImage(service.image) === "postgres");
  if (candidates.length === 1) return (candidates[0] as { name: string }).name;
  const found = candidates.length === 0 ? "no Postgres service" : `${candidates.length} Postgres services (${candidates.map((s) => s.name).join(", ")})`;
  throw new UsageError(`berth migrate needs one Postgres service and the project has ${found}`, { hint: "name it: --service NAME or x-berth.migrate.service" });
}
