import { fileURLToPath } from "node:url";

export interface PostgresConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** What the migrate job reads: Postgres only. */
export interface MigrateConfig {
  migrationsDir: string;
  postgres: PostgresConfig;
}

/** Everything the backend reads from its environment, parsed once at start. */
export interface Config extends MigrateConfig {
  port: number;
  version: string;
  shutdownTimeoutMs: number;
  drainDelayMs: number;
  redis: { host: string; port: number; password: string };
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Readonly<Record<string, string | undefined>>;

const POSTGRES_VARS = ["POSTGRES_HOST", "POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"];
const REDIS_VARS = ["REDIS_HOST", "REDIS_PASSWORD"];

// Resolves to backend/migrations both from src/ (tsx) and from dist/ (compiled).
const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL("../migrations", import.meta.url));

export function readMigrateConfig(env: Env): MigrateConfig {
  requireVars(env, POSTGRES_VARS);
  return { migrationsDir: env["MIGRATIONS_DIR"] || DEFAULT_MIGRATIONS_DIR, postgres: readPostgres(env) };
}

export function readConfig(env: Env): Config {
  requireVars(env, [...POSTGRES_VARS, ...REDIS_VARS]);
  return {
    ...readMigrateConfig(env),
    port: readInt(env, "PORT", 3000),
    version: env["APP_VERSION"] || "dev",
    shutdownTimeoutMs: readInt(env, "SHUTDOWN_TIMEOUT_MS", 10_000),
    drainDelayMs: readInt(env, "SHUTDOWN_DRAIN_DELAY_MS", 0),
    redis: { host: env["REDIS_HOST"] ?? "", port: readInt(env, "REDIS_PORT", 6379), password: env["REDIS_PASSWORD"] ?? "" },
  };
}

/** Names every missing variable at once, so one restart fixes them all. */
function requireVars(env: Env, names: readonly string[]): void {
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new ConfigError(`missing environment variables: ${missing.join(", ")} (see .env.example)`);
  }
}

function readPostgres(env: Env): PostgresConfig {
  return {
    host: env["POSTGRES_HOST"] ?? "",
    port: readInt(env, "POSTGRES_PORT", 5432),
    user: env["POSTGRES_USER"] ?? "",
    password: env["POSTGRES_PASSWORD"] ?? "",
    database: env["POSTGRES_DB"] ?? "",
  };
}

function readInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}
