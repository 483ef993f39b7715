import type { Evidence, PostgresProbe } from "./probe.js";
import { toEvidence, type Verdict } from "./evidence.js";
import { containerEnv, findServiceContainer, notRunningFailure, type EngineProbeContext } from "./service-container.js";
import type { ContainerDetails, ExecResult } from "../engine/engine.js";

/** How psql connects: libpq variables, so no password ever appears on a command line. */
export function psqlEnvironment(probe: Pick<PostgresProbe, "url" | "user" | "database">, details: ContainerDetails): string[] {
  return psqlEnvironmentOf(probe, containerEnv(details));
}

/** {@link psqlEnvironment} from the service's environment as a record (a Swarm service's spec has no container here). */
export function psqlEnvironmentOf(probe: Pick<PostgresProbe, "url" | "user" | "database">, env: Readonly<Record<string, string>>): string[] {
  if (probe.url !== undefined) {
    const url = new URL(probe.url);
    const vars: Record<string, string> = { PGHOST: url.hostname, PGPORT: url.port || "5432", PGUSER: decodeURIComponent(url.username), PGPASSWORD: decodeURIComponent(url.password), PGDATABASE: url.pathname.replace(/^\//, "") || decodeURIComponent(url.username) };
    return Object.entries(vars).filter(([, value]) => value !== "").map(([name, value]) => `${name}=${value}`);
  }
  const user = probe.user ?? env["POSTGRES_USER"] ?? "postgres";
  return [`PGUSER=${user}`, `PGDATABASE=${probe.database ?? env["POSTGRES_DB"] ?? user}`];
}

/** Runs one query with psql inside the postgres container and returns its unaligned rows. */
export function runPsql(context: EngineProbeContext, details: ContainerDetails, env: readonly string[], query: string, timeoutMs: number): Promise<ExecResult> {
  return context.engine.exec(details.Id, { command: ["psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", query], env, timeoutMs, ...(context.signal ? { signal: context.signal } : {}) });
}

export const rowsOf = (stdout: string): string[] => stdout.split("\n").map((line) => line.trim()).filter((line) => line !== "");

/** A query against Postgres, with the app's credentials when a URL is given. */
export async function runPostgresProbe(probe: PostgresProbe, context: EngineProbeContext): Promise<Evidence> {
  const startedAt = new Date();
  const who = probe.url === undefined ? "local socket" : probe.url;
  const target = `postgres ${probe.service} (${who}): ${probe.query}`;
  const details = await findServiceContainer(context, probe.service);
  if (details?.State.Running !== true) return toEvidence(probe, { target, failures: [notRunningFailure(probe.service, details)], passSummary: "", facts: {} }, startedAt, 0);
  const result = await runPsql(context, details, psqlEnvironment(probe, details), probe.query, probe.timeoutMs);
  return toEvidence(probe, judgePostgres(probe, target, result), startedAt, result.durationMs);
}

export function judgePostgres(probe: PostgresProbe, target: string, result: ExecResult): Verdict {
  const rows = rowsOf(result.stdout);
  const failures = result.exitCode !== 0 ? [`the query failed: ${firstLine(result.stderr || result.output) || `exit code ${result.exitCode}`}`] : rowFailures(probe, rows);
  return { target, failures, passSummary: `${rows.length} row(s) in ${result.durationMs} ms`, facts: { rows: rows.length, durationMs: result.durationMs }, excerpt: result.exitCode === 0 ? rows.slice(0, 10).join("\n") : result.output, hint: postgresHint(result.stderr, probe.urlSource) };
}

function rowFailures(probe: PostgresProbe, rows: readonly string[]): string[] {
  if (probe.rows === undefined || JSON.stringify(rows) === JSON.stringify(probe.rows)) return [];
  return [`expected rows ${JSON.stringify(probe.rows)}, got ${JSON.stringify(rows.slice(0, 10))}`];
}

const firstLine = (text: string): string => text.trim().split("\n").find((line) => line.trim() !== "")?.trim() ?? "";

function postgresHint(stderr: string, urlSource = "the URL"): string | undefined {
  if (/password authentication failed/.test(stderr)) return `the password in ${urlSource} does not match the database's: compare it with the database's POSTGRES_PASSWORD, which is applied only when its data volume is first initialised`;
  if (/database ".*" does not exist/.test(stderr)) return "the database does not exist: POSTGRES_DB creates it only on first start of an empty volume";
  if (/role ".*" does not exist/.test(stderr)) return "the user does not exist: POSTGRES_USER creates it only on first start of an empty volume";
  if (/could not (connect|translate host)/.test(stderr)) return "the database host in the URL is not reachable from the network";
  return undefined;
}
