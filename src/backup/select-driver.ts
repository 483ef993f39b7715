import { ConfigError, UsageError } from "../common/errors.js";
import type { Project, Service } from "../compose/model/project.js";
import { readServiceBackupConfig, type DriverName, type ServiceBackupConfig } from "./backup-config.js";

/** One thing to back up: a service, the driver that knows its data, and where that data lives. */
export interface BackupTarget {
  readonly service: string;
  readonly driver: DriverName;
  /** The image the service runs, as written (or compose's name for a built one). */
  readonly image: string;
  /** For the volume driver: the volume's key in the files and its name on the engine. */
  readonly volume?: { readonly key: string; readonly name: string };
  readonly config: ServiceBackupConfig;
}

// Official images and their common derivatives; matched on the last path part of the repository.
const imageDrivers: readonly [RegExp, DriverName][] = [
  [/^(postgres|postgresql|postgis|timescaledb(-ha)?)$/, "postgres"],
  [/^(redis|redis-stack-server)$/, "redis"],
];

/** The driver an image name implies, if any: `postgres:15` → postgres, `bitnami/redis` → redis. */
export function driverForImage(image: string): DriverName | undefined {
  const withoutDigest = image.split("@")[0] ?? image;
  const lastPart = withoutDigest.split("/").pop() ?? withoutDigest;
  const repository = lastPart.split(":")[0] ?? lastPart;
  return imageDrivers.find(([pattern]) => pattern.test(repository))?.[1];
}

/**
 * What `berth backup [SERVICE...]` copies. With no names: every service whose image implies a
 * driver or which declares one. A named service must have a driver, or the user hears how to add it.
 */
export function selectBackupTargets(project: Project, names: readonly string[] = []): BackupTarget[] {
  for (const name of names) if (project.services[name] === undefined) throw new UsageError(`no such service: ${name}`);
  const services = names.length > 0 ? names.map((name) => project.services[name] as Service) : Object.values(project.services);
  const targets: BackupTarget[] = [];
  for (const service of services) {
    const target = targetOf(project, service);
    if (target !== undefined) targets.push(target);
    else if (names.includes(service.name)) throw noDriver(service);
  }
  return targets;
}

function targetOf(project: Project, service: Service): BackupTarget | undefined {
  const config = readServiceBackupConfig(project, service);
  if (config.driver === "none") return undefined;
  const image = service.image ?? `${project.name}-${service.name}`;
  const driver = config.driver ?? driverForImage(image);
  if (driver === undefined) return undefined;
  if (driver !== "volume") return { service: service.name, driver, image, config };
  return { service: service.name, driver, image, config, volume: volumeOf(project, service, config) };
}

function volumeOf(project: Project, service: Service, config: ServiceBackupConfig): { key: string; name: string } {
  const mounted = (service.volumes ?? []).filter((v) => v.type === "volume" && v.source !== undefined).map((v) => v.source as string);
  const key = config.volume ?? (mounted.length === 1 ? mounted[0] : undefined);
  const where = ["services", service.name, "x-berth", "backup", "volume"];
  const location = project.meta.sourceMap.locateNearest(where);
  const at = location === undefined ? {} : { location };
  if (key === undefined) {
    const found = mounted.length === 0 ? "mounts no named volume" : `mounts ${mounted.length} named volumes (${mounted.join(", ")})`;
    throw new ConfigError("backup.volume", `services.${service.name}: the volume driver needs one volume, and the service ${found}`, { ...at, hint: "name it: x-berth.backup.volume: KEY" });
  }
  const volume = project.volumes[key];
  if (volume === undefined) throw new ConfigError("backup.volume", `${where.join(".")}: "${key}" is not a volume of this project`, { ...at, hint: `declare it under the top-level volumes: key` });
  return { key, name: volume.name };
}

function noDriver(service: Service): ConfigError {
  return new ConfigError("backup.no-driver", `service ${service.name} has no backup driver: its image (${service.image ?? "built here"}) is not one berth knows`, {
    hint: `declare one: services.${service.name}.x-berth.backup.driver: postgres | redis | volume`,
  });
}
