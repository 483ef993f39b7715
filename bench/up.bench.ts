// Benchmark of `berth up` (run: node_modules/.bin/tsx bench/up.bench.ts; needs `npm run build`,
// the engine and Debian's docker-compose 1.29). Same stack, same run, both tools:
// 1. e2e/stacks/four-service to all-healthy, cold (after down -v) and warm (after down), at
//    healthcheck intervals of 1 s and 5 s: berth up vs docker-compose up -d + polling health;
// 2. berth's readiness lag: backend healthyAt minus the backend's own "listening" log line;
// 3. no-op `berth up`; 4. a generated 50-service stack; 5. berth's peak memory (max RSS);
// 6. e2e/stacks/truth-no-healthcheck (nginx -> 2 x Node -> Redis, no healthcheck anywhere):
//    berth up, final watch included, vs docker-compose up -d plus the final window berth applied
//    in the same round (read from its `up --json`: watch.windowMs), and until compose's nginx
//    answers; each round prints the load average beside it, and each tool's start-up share: from
//    its spawn to the engine's first `create` event of its project (docker events), i.e. what it
//    did before the engine had work (Node/Python start, module loading, the compose load, the
//    first engine calls). BENCH_ONLY=no-healthcheck runs only
//    this part; BERTH_BIN=e2e/support/berth-cli.ts runs berth from source (through tsx, which
//    adds its own startup), BERTH_BIN=<dir>/bin/berth.js a compiled copy elsewhere.
// BENCH_RUNS (default 2) sets the repetitions; medians are printed. The readiness lag varies
// with where the app's start falls between two probes (0 to ~100 ms), so it takes more samples:
// BENCH_LAG_RUNS (default 7, about 5 s each).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const berthBin = process.env["BERTH_BIN"] ?? join(root, "bin", "berth.js");
const fourService = join(root, "e2e", "stacks", "four-service");
const runs = Number(process.env["BENCH_RUNS"] ?? 2);
const lagRuns = Number(process.env["BENCH_LAG_RUNS"] ?? 7);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const baseEnv = { ...process.env, FRONTEND_PORT: "18150", BERTH_STATE_DIR: join(root, ".cache", "bench-state"), DOCKER_BUILDKIT: "0", COMPOSE_DOCKER_CLI_BUILD: "0" };

interface Timed {
  readonly seconds: number;
  readonly maxRssKb: number;
  readonly stdout: string;
}

/** Runs a command under GNU time to get its wall time and peak memory. */
function timed(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Timed {
  const start = performance.now();
  const run = spawnSync("/usr/bin/time", ["-f", "%M", file, ...args], { cwd, env, encoding: "utf8", maxBuffer: 64 << 20 });
  const seconds = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`${file} ${args.join(" ")} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  const maxRssKb = Number(run.stderr.trim().split("\n").at(-1));
  return { seconds, maxRssKb, stdout: run.stdout };
}

function berth(args: string[], cwd: string, env: NodeJS.ProcessEnv): Timed {
  return timed(process.execPath, [...(berthBin.endsWith(".ts") ? ["--import", "tsx"] : []), berthBin, ...args], cwd, env);
}

function compose(args: string[], cwd: string, env: NodeJS.ProcessEnv): void {
  execFileSync("docker-compose", args, { cwd, env, stdio: "ignore", timeout: 300_000 });
}

/** Polls `docker inspect` until every container of the project is healthy or exited 0 (bounded). */
function waitAllReady(project: string, expected: number, timeoutMs = 180_000): void {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ids = execFileSync("docker", ["ps", "-aq", "--filter", `label=com.docker.compose.project=${project}`], { encoding: "utf8" }).split("\n").filter(Boolean);
    if (ids.length >= expected) {
      const states = execFileSync("docker", ["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{end}}", ...ids], { encoding: "utf8" }).trim().split("\n");
      if (states.every((s) => s.endsWith(" healthy") || s === "exited 0 ")) return;
    }
    spawnSync("sleep", ["0.05"]);
  }
  throw new Error(`${project} not ready after ${timeoutMs} ms`);
}

function fourServiceRound(interval: string, kind: "cold" | "warm"): { berth: number; compose: number; rss: number } {
  const env = { ...baseEnv, HC_INTERVAL: interval };
  const berthEnv = { ...env, COMPOSE_PROJECT_NAME: "berthe2e-up-bench-b" };
  const composeEnv = { ...env, COMPOSE_PROJECT_NAME: "berthe2e-up-bench-c" };
  const downArgs = kind === "cold" ? ["down", "-v"] : ["down"];
  berth([...downArgs, "-q"], fourService, berthEnv);
  const b = berth(["up", "-q", "--pull", "never"], fourService, berthEnv);
  berth(["down", "-q"], fourService, berthEnv);
  compose(downArgs, fourService, composeEnv);
  const start = performance.now();
  compose(["up", "-d", "--no-build"], fourService, composeEnv);
  waitAllReady("berthe2e-up-bench-c", 5);
  const c = (performance.now() - start) / 1000;
  compose(["down"], fourService, composeEnv);
  return { berth: b.seconds, compose: c, rss: b.maxRssKb };
}

function readinessLagMs(): number {
  const env = { ...baseEnv, HC_INTERVAL: "5s", COMPOSE_PROJECT_NAME: "berthe2e-up-bench-b" };
  berth(["down", "-v", "-q"], fourService, env);
  const result = JSON.parse(berth(["up", "--json", "-q", "--pull", "never"], fourService, env).stdout) as { services: { service: string; healthyAt: string }[] };
  const healthyAt = Date.parse(result.services.find((s) => s.service === "backend")?.healthyAt ?? "");
  const logs = execFileSync("docker", ["logs", "-t", "berthe2e-up-bench-b-backend-1"], { encoding: "utf8" });
  const listeningAt = Date.parse(/^(\S+) listening on 3000/m.exec(logs)?.[1] ?? "");
  return healthyAt - listeningAt;
}

function generatedStack(services: number): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-bench-up-"));
  const lines = ["services:"];
  for (let i = 0; i < services; i++) {
    lines.push(`  s${i}:`, "    image: debian:bookworm-slim", '    command: ["sleep", "infinity"]', "    init: true");
    lines.push("    healthcheck:", '      test: ["CMD", "true"]', "      interval: 5s", "      retries: 30");
    if (i >= 5) lines.push("    depends_on:", `      s${i - 5}:`, "        condition: service_healthy");
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "compose.yaml"), `${lines.join("\n")}\n`);
  return dir;
}

function fiftyServices(): { berth: number; compose: number; noop: number; rss: number } {
  const dir = generatedStack(50);
  const berthEnv = { ...baseEnv, COMPOSE_PROJECT_NAME: "berthe2e-up-bench-fifty-b" };
  const composeEnv = { ...baseEnv, COMPOSE_PROJECT_NAME: "berthe2e-up-bench-fifty-c" };
  const b = berth(["up", "-q", "--pull", "never"], dir, berthEnv);
  const noop = berth(["up", "-q"], dir, berthEnv).seconds;
  berth(["down", "-q", "-t", "1"], dir, berthEnv);
  const start = performance.now();
  compose(["up", "-d"], dir, composeEnv);
  waitAllReady("berthe2e-up-bench-fifty-c", 50);
  const c = (performance.now() - start) / 1000;
  compose(["down", "-t", "1"], dir, composeEnv);
  return { berth: b.seconds, compose: c, noop, rss: b.maxRssKb };
}

const noHealthcheck = join(root, "e2e", "stacks", "truth-no-healthcheck");

/** The final watch as `berth up --json` reports it (src/deploy/gates/final-watch.ts, FinalWatchRecord). */
interface WatchRecord {
  readonly stableMs: number;
  readonly windowMs: number;
  readonly windows: Record<string, number>;
  readonly heldMs: number;
}

/** The window berth really applied in this run, read from its own `--json` output. */
function watchOf(stdout: string): WatchRecord {
  const watch = (JSON.parse(stdout) as { watch?: WatchRecord }).watch;
  if (!watch) throw new Error(`berth up --json printed no final watch record:\n${stdout}`);
  return watch;
}

/** The 1-minute load average (the machine is shared: every number is printed beside it). */
const load = () => readFileSync("/proc/loadavg", "utf8").split(" ")[0] ?? "?";

/** Polls an URL with curl until it answers 200 (bounded), returning when it did. */
function waitHttp(url: string, timeoutMs = 60_000): void {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (spawnSync("curl", ["-sf", "-o", "/dev/null", "--max-time", "1", url]).status === 0) return;
    spawnSync("sleep", ["0.05"]);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Milliseconds from `sinceMs` (epoch) to the engine's first container `create` of the project (docker events). */
function firstCreateMs(project: string, sinceMs: number): number {
  const untilS = (Date.now() / 1000 + 1).toFixed(3);
  const out = execFileSync("docker", ["events", "--since", (sinceMs / 1000).toFixed(3), "--until", untilS, "--filter", `label=com.docker.compose.project=${project}`, "--filter", "event=create", "--format", "{{.TimeNano}}"], { encoding: "utf8" });
  const first = Math.min(...out.split("\n").filter(Boolean).map((nano) => Number(BigInt(nano) / 1_000_000n)));
  return first - sinceMs;
}

interface NoHealthcheckRound {
  readonly berth: number;
  /** Spawn to the first container created, ms: each tool's start-up share. */
  readonly berthStartMs: number;
  readonly composeStartMs: number;
  readonly watch: WatchRecord;
  readonly compose: number;
  readonly composeAnswers: number;
  readonly load: string;
}

/** One round: berth up (cold: containers removed first), then docker-compose up -d on the same stack. */
function noHealthcheckRound(): NoHealthcheckRound {
  const berthEnv = { ...baseEnv, COMPOSE_PROJECT_NAME: "berthe2e-up-bench-nohc-b", NGINX_PORT: "18645" };
  const composeEnv = { ...baseEnv, COMPOSE_PROJECT_NAME: "berthe2e-up-bench-nohc-c", NGINX_PORT: "18646" };
  const loadBefore = load();
  berth(["down", "-q", "-t", "1"], noHealthcheck, berthEnv);
  const berthSpawn = Date.now();
  const b = berth(["up", "-q", "--json", "--pull", "never"], noHealthcheck, berthEnv);
  const berthStartMs = firstCreateMs("berthe2e-up-bench-nohc-b", berthSpawn);
  berth(["down", "-q", "-t", "1"], noHealthcheck, berthEnv);
  compose(["down", "-t", "1"], noHealthcheck, composeEnv);
  const composeSpawn = Date.now();
  const start = performance.now();
  compose(["up", "-d"], noHealthcheck, composeEnv);
  const c = (performance.now() - start) / 1000;
  const composeStartMs = firstCreateMs("berthe2e-up-bench-nohc-c", composeSpawn);
  waitHttp("http://127.0.0.1:18646/");
  const answers = (performance.now() - start) / 1000;
  compose(["down", "-t", "1"], noHealthcheck, composeEnv);
  return { berth: b.seconds, berthStartMs, composeStartMs, watch: watchOf(b.stdout), compose: c, composeAnswers: answers, load: `${loadBefore}-${load()}` };
}

function noHealthcheckStack(): void {
  const rounds = Array.from({ length: runs }, noHealthcheckRound);
  const b = median(rounds.map((r) => r.berth));
  const c = median(rounds.map((r) => r.compose));
  const window = median(rounds.map((r) => r.watch.windowMs / 1000));
  const target = median(rounds.map((r) => r.compose + r.watch.windowMs / 1000));
  const met = rounds.filter((r) => r.berth <= r.compose + r.watch.windowMs / 1000).length;
  const answers = median(rounds.map((r) => r.composeAnswers));
  const s = (value: number) => `${value.toFixed(2)} s`;
  console.log(`no-healthcheck stack (e2e/stacks/truth-no-healthcheck: nginx -> 2 x Node -> Redis), ${runs} rounds, berth ${berthBin}`);
  console.log("  target: berth up (final watch included) <= docker-compose up -d + the final window berth applied in the same round");
  console.log("  the window is read from berth's own `up --json` (watch.windowMs: how long after its last step it held the services; watch.stableMs is BERTH_STABLE_MS)");
  console.log(`  medians: berth up ${s(b)}; docker-compose up -d ${s(c)}; window ${s(window)}; compose up -d + window (per round) ${s(target)} (${(target / b).toFixed(2)}x); compose's nginx answered after ${s(answers)}`);
  console.log(`  target met in ${met} of ${runs} rounds (${met * 2 > runs ? "met" : "NOT met"} by majority); median margin ${s(median(rounds.map((r) => r.compose + r.watch.windowMs / 1000 - r.berth)))} (compose up -d + window - berth, per round)`);
  console.log(`  start-up share (spawn -> the engine's first container create, ms): berth median ${median(rounds.map((r) => r.berthStartMs)).toFixed(0)}, docker-compose median ${median(rounds.map((r) => r.composeStartMs)).toFixed(0)}`);
  console.log("  round  load(1m) before-after  berth  (start ms)  watch window/held  compose up -d  (start ms)  + window  verdict");
  rounds.forEach((r, i) => {
    const withWindow = r.compose + r.watch.windowMs / 1000;
    console.log(`  ${String(i + 1).padStart(5)}  ${r.load.padStart(20)}  ${r.berth.toFixed(2).padStart(5)}  ${`(${r.berthStartMs})`.padStart(10)}  ${`${(r.watch.windowMs / 1000).toFixed(2)}/${(r.watch.heldMs / 1000).toFixed(2)} s`.padStart(17)}  ${r.compose.toFixed(2).padStart(13)}  ${`(${r.composeStartMs})`.padStart(10)}  ${withWindow.toFixed(2).padStart(8)}  ${r.berth <= withWindow ? "met" : "NOT met"}`);
  });
}

/** `uptime` as the machine says it: the lead reruns this bench on a quiet machine, so every report shows how quiet it was. */
const uptime = () => execFileSync("uptime", { encoding: "utf8" }).trim();

function main(): void {
  console.log(`uptime at start: ${uptime()}`);
  try {
    benchmarks();
  } finally {
    console.log(`uptime at end:   ${uptime()}`);
  }
}

function benchmarks(): void {
  if (process.env["BENCH_ONLY"] === "no-healthcheck") return noHealthcheckStack();
  compose(["build"], fourService, { ...baseEnv, COMPOSE_PROJECT_NAME: "berthe2e-up-bench-c" });
  const rss: number[] = [];
  console.log("four-service stack to all-healthy (median of %d runs; seconds)", runs);
  console.log("interval  kind  berth   compose  compose/berth");
  for (const interval of ["1s", "5s"]) {
    for (const kind of ["cold", "warm"] as const) {
      const rounds = Array.from({ length: runs }, () => fourServiceRound(interval, kind));
      rss.push(...rounds.map((r) => r.rss));
      const b = median(rounds.map((r) => r.berth));
      const c = median(rounds.map((r) => r.compose));
      console.log(`${interval.padEnd(8)}  ${kind}  ${b.toFixed(2).padStart(5)}  ${c.toFixed(2).padStart(7)}  ${(c / b).toFixed(2).padStart(6)}x`);
    }
  }
  const env = { ...baseEnv, HC_INTERVAL: "5s", COMPOSE_PROJECT_NAME: "berthe2e-up-bench-b" };
  berth(["up", "-q", "--pull", "never"], fourService, env);
  const noops = Array.from({ length: 3 }, () => berth(["up", "-q"], fourService, env));
  rss.push(...noops.map((n) => n.maxRssKb));
  console.log(`no-op berth up: median ${median(noops.map((n) => n.seconds)).toFixed(2)} s`);
  const lags = Array.from({ length: lagRuns }, readinessLagMs);
  const worst = Math.max(...lags);
  console.log(`backend healthy after it starts listening: median ${median(lags).toFixed(0)} ms, max ${worst} ms (runs: ${lags.join(", ")})`);
  berth(["down", "-v", "-q"], fourService, env);
  compose(["down", "-v"], fourService, { ...baseEnv, COMPOSE_PROJECT_NAME: "berthe2e-up-bench-c" });
  const fifty = fiftyServices();
  rss.push(fifty.rss);
  console.log(`50 services: berth ${fifty.berth.toFixed(2)} s, compose up -d + wait ${fifty.compose.toFixed(2)} s (${(fifty.compose / fifty.berth).toFixed(2)}x), no-op berth up ${fifty.noop.toFixed(2)} s`);
  noHealthcheckStack();
  console.log(`berth peak memory (max RSS over all runs): ${(Math.max(...rss) / 1024).toFixed(1)} MB`);
}

main();
