import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { parse, stringify } from "yaml";
import type { UpResult, ServiceResult } from "../../src/runs/up-result.js";
import { docker, Scenario, type CommandResult } from "./scenario.js";
import { waitFor } from "./wait-for.js";

export { waitFor };

// Helpers for e2e/seed-stacks.e2e.ts: the stacks under test/stacks/, one per seed report,
// brought up with `berth up` on the real engine.

export const STACKS_DIR = join(import.meta.dirname, "..", "..", "test", "stacks");
const ARTIFACTS_DIR = join(import.meta.dirname, "..", "artifacts");

export const secret = (): string => randomBytes(18).toString("hex");

/** A seed stack as a scenario: project `berthe2e-seed-<id>`, run from its folder. */
export function seedStack(folder: string, id: string, env: Record<string, string>): Scenario {
  return new Scenario({ project: `berthe2e-seed-${id}`, cwd: join(STACKS_DIR, folder), env });
}

export interface UpRun {
  readonly result: UpResult;
  readonly code: number;
  readonly seconds: number;
}

/** How long each healthcheck of a seed stack may take here (the stacks allow 2 s). */
export const SEED_HEALTHCHECK_TIMEOUT = "10s";

type ComposeServices = { services?: Record<string, { healthcheck?: { test?: unknown; disable?: boolean } } | null> } | null;

/**
 * An override that gives every healthcheck of these compose files SEED_HEALTHCHECK_TIMEOUT and
 * changes nothing else. The seed stacks keep their users' 2 s, in which a node or python
 * healthcheck process cannot always start while other e2e files load the machine: all of a
 * Next.js frontend's checks then time out although it serves. What the tests check (health,
 * order, diagnoses) stays the same.
 */
export function healthcheckTimeoutOverride(composeFiles: readonly string[], timeout = SEED_HEALTHCHECK_TIMEOUT): string {
  const services = new Set<string>();
  for (const text of composeFiles) {
    const compose = parse(text, { merge: true, maxAliasCount: -1 }) as ComposeServices;
    for (const [name, service] of Object.entries(compose?.services ?? {})) if (service?.healthcheck?.test !== undefined && service.healthcheck.disable !== true) services.add(name);
  }
  return stringify({ services: Object.fromEntries([...services].sort().map((name) => [name, { healthcheck: { timeout } }])) });
}

/** `-f` for each of the stack's files, then for the healthcheck override of them (written to a temporary folder). */
export async function seedFiles(stack: Scenario, files: readonly string[] = ["compose.yaml"]): Promise<string[]> {
  const texts = await Promise.all(files.map((file) => readFile(join(stack.options.cwd, file), "utf8")));
  const override = join(await mkdtemp(join(tmpdir(), `${stack.options.project}-`)), "healthcheck-timeouts.yaml");
  await writeFile(override, healthcheckTimeoutOverride(texts));
  return [...files, override].flatMap((file) => ["-f", file]);
}

/** `berth up --build --json ARGS`; the JSON verdict whatever the exit code. */
export async function berthUp(stack: Scenario, args: readonly string[] = []): Promise<UpRun> {
  const run = await stack.berth(["up", "--build", "--json", ...args]);
  try {
    return { result: JSON.parse(run.stdout) as UpResult, code: run.code, seconds: run.seconds };
  } catch {
    throw new Error(`berth up printed no JSON result (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

export function serviceOf(result: UpResult, name: string): ServiceResult {
  const found = result.services.find((s) => s.service === name);
  if (!found) throw new Error(`berth up reported no service ${name}: ${result.services.map((s) => s.service).join(", ")}`);
  return found;
}

/** Long-running services healthy, one-shot jobs exited with status 0 before their dependants. */
export async function expectHealthy(stack: Scenario, result: UpResult, services: readonly string[], jobs: readonly string[]): Promise<void> {
  expect(result.ok, JSON.stringify(result, null, 2)).toBe(true);
  for (const name of services) expect(serviceOf(result, name).health, name).toBe("healthy");
  for (const name of jobs) {
    expect(serviceOf(result, name).state, name).toBe("exited");
    expect((await docker(["inspect", "-f", "{{.State.ExitCode}}", await containerId(stack, name)])).trim(), `${name} exit code`).toBe("0");
  }
}

/** Seconds from the first container start to the last service healthy. */
export function upToHealthySeconds(result: UpResult): number {
  const started = result.services.flatMap((s) => (s.startedAt ? [Date.parse(s.startedAt)] : []));
  const healthy = result.services.flatMap((s) => (s.healthyAt ? [Date.parse(s.healthyAt)] : []));
  return (Math.max(...healthy) - Math.min(...started)) / 1000;
}

export async function containerId(stack: Scenario, service: string): Promise<string> {
  const project = `label=com.docker.compose.project=${stack.options.project}`;
  const out = await docker(["ps", "-aq", "--filter", project, "--filter", `label=com.docker.compose.service=${service}`]);
  const id = out.split("\n").find((line) => /^[0-9a-f]{12}$/.test(line));
  if (!id) throw new Error(`no container of ${service} in ${stack.options.project}: ${out}`);
  return id;
}

/** One SQL statement through psql inside the service's container, unaligned output. */
export async function sql(stack: Scenario, service: string, statement: string): Promise<string> {
  const id = await containerId(stack, service);
  const run = await stack.command("docker", ["exec", id, "sh", "-c", 'psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -Atc "$1"', "sh", statement]);
  if (run.code !== 0) throw new Error(`psql failed: ${run.stderr}`);
  return run.stdout.trim();
}

/** Runs a stopped one-shot job's container again, attached, as `compose start` would. */
export function rerun(stack: Scenario, id: string): Promise<CommandResult> {
  return stack.command("docker", ["start", "-a", id]);
}

/** The network and the environment a service's container runs with, to start a sibling. */
export async function runtimeOf(stack: Scenario, service: string): Promise<{ network: string; env: Record<string, string>; image: string }> {
  const id = await containerId(stack, service);
  const [networks, env, image] = await Promise.all(
    ["{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "{{json .Config.Env}}", "{{.Config.Image}}"].map((format) => docker(["inspect", "-f", format, id])),
  );
  const pairs = (JSON.parse(env ?? "[]") as string[]).map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]);
  return { network: (networks ?? "").trim().split(" ")[0] ?? "", env: Object.fromEntries(pairs), image: (image ?? "").trim() };
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init?.headers } });
  if (!response.ok) throw new Error(`${init?.method ?? "GET"} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}


/** Build-and-up and up-to-healthy seconds per stack, for the issue note (no timed assertions). */
export async function saveTimings(timings: Record<string, Record<string, number>>): Promise<void> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  await writeFile(join(ARTIFACTS_DIR, "seed-stacks-timings.json"), `${JSON.stringify(timings, null, 2)}\n`);
  console.log("seed stack timings (s):", timings);
}
