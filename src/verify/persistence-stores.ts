import type { ContainerDetails } from "../engine/engine.js";
import type { PersistenceProbe } from "./probe.js";
import { psqlEnvironmentOf } from "./postgres-probe.js";
import { containerEnv } from "./service-container.js";

/** A command for one step of the persistence round trip, with its environment. */
export interface StoreCommand {
  readonly command: readonly string[];
  readonly env: readonly string[];
}

/** How one kind of store writes, finds and reads back a marker. */
export interface StoreSteps {
  write(marker: string): StoreCommand;
  read(marker: string): StoreCommand;
  /** Found when the read's output contains this. */
  readonly found: (marker: string) => string;
  /** Prints the directory the store keeps its data in. */
  readonly dataPath: StoreCommand;
  /** Exits 0 once the store accepts work again after the restart. */
  readonly ready: StoreCommand;
  cleanup(marker: string): StoreCommand;
}

const table = "berth_verify_marker";

function postgresSteps(probe: PersistenceProbe, serviceEnv: Readonly<Record<string, string>>): StoreSteps {
  const env = psqlEnvironmentOf(probe, serviceEnv);
  const sql = (query: string): StoreCommand => ({ command: ["psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", query], env });
  return {
    write: (marker) => sql(`CREATE TABLE IF NOT EXISTS ${table} (marker text PRIMARY KEY, written_at timestamptz DEFAULT now()); INSERT INTO ${table} (marker) VALUES ('${marker}');`),
    read: (marker) => sql(`SELECT marker FROM ${table} WHERE marker = '${marker}';`),
    found: (marker) => marker,
    dataPath: sql("SHOW data_directory;"),
    ready: sql("SELECT 1;"),
    cleanup: (marker) => sql(`DELETE FROM ${table} WHERE marker = '${marker}'; DROP TABLE IF EXISTS ${table};`),
  };
}

// The container's own REDIS_PASSWORD (a common convention) authenticates redis-cli.
function redisSteps(serviceEnv: Readonly<Record<string, string>>): StoreSteps {
  const password = serviceEnv["REDIS_PASSWORD"];
  const env = password ? [`REDISCLI_AUTH=${password}`] : [];
  const cli = (...args: string[]): StoreCommand => ({ command: ["redis-cli", ...args], env });
  return {
    write: (marker) => cli("SET", `berth:verify:${marker}`, marker),
    read: (marker) => cli("GET", `berth:verify:${marker}`),
    found: (marker) => marker,
    dataPath: { command: ["sh", "-c", "redis-cli CONFIG GET dir | tail -n 1"], env },
    ready: cli("PING"),
    cleanup: (marker) => cli("DEL", `berth:verify:${marker}`),
  };
}

function fileSteps(path: string): StoreSteps {
  const file = `${path.replace(/\/$/, "")}/.berth-verify-marker`;
  const sh = (script: string, marker = ""): StoreCommand => ({ command: ["sh", "-c", script, "berth", file, marker], env: [] });
  return {
    write: (marker) => sh('printf %s "$2" > "$1"', marker),
    read: () => sh('cat "$1"'),
    found: (marker) => marker,
    dataPath: { command: ["echo", path], env: [] },
    ready: { command: ["true"], env: [] },
    cleanup: () => sh('rm -f "$1"'),
  };
}

export function storeSteps(probe: PersistenceProbe, details: ContainerDetails): StoreSteps {
  return storeStepsFor(probe, containerEnv(details));
}

/** The steps for a store whose environment is known without a container (a Swarm service's spec). */
export function storeStepsFor(probe: PersistenceProbe, serviceEnv: Readonly<Record<string, string>>): StoreSteps {
  if (probe.store === "postgres") return postgresSteps(probe, serviceEnv);
  if (probe.store === "redis") return redisSteps(serviceEnv);
  return fileSteps(probe.path ?? "/");
}
