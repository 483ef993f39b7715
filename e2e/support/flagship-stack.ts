import type { ChildProcess } from "node:child_process";
import { runLoad, type LoadReport } from "../stacks/rollout/load-client.js";
import { docker, type CommandResult, type Scenario } from "./scenario.js";
import { waitFor } from "./wait-for.js";

// The running flagship as berth deploys it, for the e2e files that operate on it: container
// health by name, `berth up` under load, and `berth serve` processes.

export const SERVICES = ["frontend", "backend", "postgres", "redis"] as const;

/** "healthy", "starting", "unhealthy", or the state of a container without a healthcheck. */
export async function healthOf(project: string, service: string): Promise<string> {
  const format = "{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}";
  return (await docker(["inspect", "-f", format, `${project}-${service}-1`])).trim();
}

export function waitHealthy(project: string, services: readonly string[], timeoutMs = 90_000): Promise<true> {
  return waitFor(
    `${services.join(", ")} healthy`,
    async () => ((await Promise.all(services.map((service) => healthOf(project, service)))).every((status) => status === "healthy") ? true : undefined),
    timeoutMs,
  );
}

export interface UpUnderLoad {
  readonly load: LoadReport;
  readonly result: CommandResult;
}

/** How long a load goes on after what it covers has ended: the state left behind must answer too. */
export const LOAD_TAIL_MS = 3_000;

/**
 * Ends `load` (started with `stop.signal`) `tailMs` after `covered` settles, and resolves with
 * both: a load covers an operation and a short tail, not a guessed fixed time.
 */
export async function loadUntil<T>(load: Promise<LoadReport>, stop: AbortController, covered: Promise<T>, tailMs = LOAD_TAIL_MS): Promise<[LoadReport, T]> {
  const ended = covered.finally(async () => {
    await new Promise((resolve) => setTimeout(resolve, tailMs));
    stop.abort();
  });
  return Promise.all([load, ended]);
}

/**
 * `berth up` with a bounded open-loop client on `url` (`rate` per second) that starts when berth
 * announces a rollout and ends LOAD_TAIL_MS after berth exits, at most `maxSeconds`: it covers
 * the successor's start, gate, discovery switch, drain and stop, then the stack berth left, not
 * the harness compiling berth's sources at start-up. `minSeconds` keeps it running at least that
 * long (issue 17's flow is "50 req/s for 40 s", whatever berth's own time).
 */
export async function upUnderLoad(stack: Scenario, args: readonly string[], url: string, rate: number, maxSeconds: number, minSeconds = 0): Promise<UpUnderLoad> {
  const { child, done } = stack.startBerth(["up", ...args]);
  const announced = new Promise<void>((resolve) => child.stderr?.on("data", (chunk: Buffer) => chunk.toString().includes("rolling:") && resolve()));
  await Promise.race([announced, done]);
  const stop = new AbortController();
  const minimum = new Promise((resolve) => setTimeout(resolve, Math.max(0, minSeconds * 1000 - LOAD_TAIL_MS)));
  const [load, result] = await loadUntil(runLoad(url, rate, maxSeconds, undefined, stop.signal), stop, Promise.all([done, minimum]).then(([ended]) => ended));
  stack.note(`load: ${JSON.stringify(load)}`);
  console.log(`load during berth up ${args.join(" ")}: sent ${load.sent}, failed ${load.failed}, longest gap ${load.longestGapMs} ms, versions ${load.versions.join(">")}`);
  return { load, result };
}

/** Starts `berth serve ARGS` and resolves with its URL once it prints it. */
export function startServe(stack: Scenario, args: readonly string[], children: ChildProcess[]): Promise<string> {
  const { child, done } = stack.startBerth(["serve", ...args]);
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const url = /on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    void done.then((result) => reject(new Error(`berth serve exited ${result.code}: ${result.stdout}${result.stderr}`)));
  });
}

/**
 * The address containers reach the host by through `host-gateway`, as the engine resolves it for
 * a container. Not the default bridge's `IPAM.Config[0].Gateway`: a freshly installed 20.10
 * engine records only the subnet there until its first restart.
 */
export async function hostGatewayAddress(): Promise<string> {
  const name = "berth-host-gateway";
  const hosts = await docker(["run", "--rm", "--network", "none", "--add-host", `${name}:host-gateway`, "debian:bookworm-slim", "getent", "hosts", name]);
  const address = hosts.trim().split(/\s+/)[0] ?? "";
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(address)) throw new Error(`the engine resolved host-gateway to ${JSON.stringify(hosts)}, not an IPv4 address`);
  return address;
}

export interface PrometheusSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

export async function prometheusQuery(base: string, query: string): Promise<PrometheusSample[]> {
  const body = (await (await fetch(`${base}/api/v1/query?query=${encodeURIComponent(query)}`)).json()) as { data: { result: PrometheusSample[] } };
  return body.data.result;
}

export interface PrometheusTarget {
  readonly labels: Record<string, string>;
  readonly health: string;
  readonly lastError: string;
  readonly lastScrapeDuration: number;
}

export async function prometheusTargets(base: string): Promise<PrometheusTarget[]> {
  return ((await (await fetch(`${base}/api/v1/targets`)).json()) as { data: { activeTargets: PrometheusTarget[] } }).data.activeTargets;
}
