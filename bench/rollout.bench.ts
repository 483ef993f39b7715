// Benchmark of a backend update under load (run: node_modules/.bin/tsx bench/rollout.bench.ts;
// needs `npm run build`, the engine and Debian's docker-compose 1.29). Same stack
// (e2e/stacks/rollout: nginx -> Node backend), same load (open-loop 50 req/s for 20 s on
// loopback, the update 3 s in), same run, both tools:
//   berth:          `berth up` after APP_VERSION v1 -> v2 (start-first rolling update)
//   docker-compose: `docker-compose up -d --force-recreate --no-deps backend` (v1 -> v2)
// Prints failed requests, the longest gap between successful responses and the update's wall
// time. Images are built before the load so neither tool builds while it is measured.
// Then the published edge: the frontend (nginx, the only published service) gets a new image,
// berth rolling it behind its port holder, docker-compose recreating it. Then the flagship
// (examples/fullstack, a copy in a temporary folder) updated as its README says: a new
// APP_VERSION in .env and `berth up --build`, under 50 req/s for 40 s (berth only).
// BENCH_RUNS (default 1) repeats them; BENCH_FLAGSHIP=0 skips the flagship, BENCH_EDGE=0 the frontend
// image, BENCH_STACK=0 all but the flagship; BERTH_BIN may name
// e2e/support/berth-cli.ts to run berth from its sources (through tsx). Each line ends with the
// machine's load average (1 minute) before and after the measurement: on a shared machine the
// update time follows it. berth's steps (BERTH_TRACE) include what the address keeper did when the
// old backend stopped (src/rollout/address-keeper.ts): `kept the old address on <network>` means a
// proxy still holding that address was refused and retried at once; `got X, not Y` means the
// address vanished instead, and requests may have waited nginx's proxy_connect_timeout (500 ms
// here: the answers' p99) right after the stop. A gap that ended before `rolling backend` came
// from the machine (berth's own start-up shares the cores with nginx and the client).
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { promisify } from "node:util";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runLoad, type LoadReport } from "../e2e/stacks/rollout/load-client.js";

const root = join(import.meta.dirname, "..");
const stackDir = join(root, "e2e", "stacks", "rollout");
const berthBin = process.env["BERTH_BIN"] ?? join(root, "bin", "berth.js");
const runs = Number(process.env["BENCH_RUNS"] ?? 1);
const port = "18950";
const baseEnv = { ...process.env, FRONTEND_PORT: port, BERTH_STATE_DIR: join(root, ".cache", "bench-state"), DOCKER_BUILDKIT: "0", COMPOSE_DOCKER_CLI_BUILD: "0" };

function sh(file: string, args: string[], env: NodeJS.ProcessEnv): void {
  execFileSync(file, args, { cwd: stackDir, env, stdio: "ignore", timeout: 300_000 });
}

// Asynchronous: the load client shares this process, and a blocked event loop would show as a gap.
const shAsync = (file: string, args: string[], env: NodeJS.ProcessEnv) => promisify(execFile)(file, args, { cwd: stackDir, env, timeout: 300_000 });

function cleanup(project: string): void {
  sh("docker-compose", ["-p", project, "down", "-v", "--remove-orphans"], baseEnv);
  execFileSync("rm", ["-rf", join(baseEnv.BERTH_STATE_DIR, project)]);
}

/** Brings v1 up with `start`, then runs `update` (to v2) 3 s into the load; returns the load report. */
/** What a line reports: the load, the update's wall time and the machine's 1-minute load average around it. */
type Measured = LoadReport & { updateSeconds: number; loadBefore: number; loadAfter: number; trace: string[]; updateBeganMs: number };

async function measure(project: string, start: (env: NodeJS.ProcessEnv) => Promise<unknown>, update: (env: NodeJS.ProcessEnv) => Promise<unknown>): Promise<Measured> {
  cleanup(project);
  try {
    await start({ ...baseEnv, COMPOSE_PROJECT_NAME: project, APP_VERSION: "v1" });
    await untilServing(`http://127.0.0.1:${port}/api/version`);
    const loadStarted = performance.now();
    const loading = runLoad(`http://127.0.0.1:${port}/api/version`, 50, 20);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const loadBefore = loadavg()[0] ?? 0;
    const began = performance.now();
    const updated = await update({ ...baseEnv, COMPOSE_PROJECT_NAME: project, APP_VERSION: "v2", BERTH_TRACE: "1" });
    const updateSeconds = (performance.now() - began) / 1000;
    return { ...(await loading), updateSeconds, loadBefore, loadAfter: loadavg()[0] ?? 0, trace: traceOf(updated), updateBeganMs: began - loadStarted };
  } finally {
    cleanup(project);
  }
}

/** berth's phase timing (BERTH_TRACE, src/rollout/trace.ts): its stderr lines, in ms since berth's process started. */
function traceOf(result: unknown): string[] {
  const stderr = typeof result === "object" && result !== null && "stderr" in result ? String(result.stderr) : "";
  return stderr.split("\n").filter((l) => l.startsWith("berth-trace ")).map((l) => l.slice("berth-trace ".length));
}

/** docker-compose does not wait for the frontend: both start measuring once nginx answers (bounded). */
async function untilServing(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within 30 s`);
}

const tsx = pathToFileURL(join(root, "node_modules", "tsx", "dist", "loader.mjs")).href;
const berthArgs = (args: string[]) => (berthBin.endsWith(".ts") ? ["--import", tsx, berthBin, ...args] : [berthBin, ...args]);
const berth = (args: string[]) => (env: NodeJS.ProcessEnv) => shAsync(process.execPath, berthArgs(args), env);
const compose = (args: string[]) => (env: NodeJS.ProcessEnv) => shAsync("docker-compose", args, env);

function line(tool: string, report: Measured): string {
  const versions = report.versions.join(">");
  const load = `load ${report.loadBefore.toFixed(1)}->${report.loadAfter.toFixed(1)}`;
  const kinds = [...new Set(report.failures.map((f) => f.replace(/^#\d+: /, "")))].slice(0, 3);
  const why = kinds.length > 0 ? `  failures: ${kinds.join("; ")}` : "";
  const gaps = report.gapsOver100Ms.length > 0 ? report.gapsOver100Ms.slice(0, 5).join("/") : "none";
  const spread = `\n    answers p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms, slowest ${report.latencyMs.max} ms; gaps > 100 ms: ${gaps}; longest gap ended ${((report.longestGapAtMs - report.updateBeganMs) / 1000).toFixed(2)} s after the update began`;
  const steps = report.trace.length > 0 ? `\n    berth's steps (ms since its process started; BERTH_TRACE): ${report.trace.join(" | ")}` : "";
  return `${tool.padEnd(15)} sent ${report.sent}  failed ${String(report.failed).padStart(3)}  longest gap ${String(report.longestGapMs).padStart(5)} ms  update ${report.updateSeconds.toFixed(2)} s  versions ${versions}  ${load}${why}${spread}${steps}`;
}

for (const version of ["v1", "v2"]) sh("docker-compose", ["-p", "berthe2e-rollout-bench", "build", "backend"], { ...baseEnv, APP_VERSION: version });
sh("docker-compose", ["-p", "berthe2e-rollout-bench", "build", "frontend"], baseEnv);
/** A new frontend image under the same tag (a label changes its id), as after `build frontend`. */
const newFrontend = (release: string) => () => shAsync("docker", ["build", "-q", "-t", "berthe2e-rollout-frontend:dev", "--label", `bench.release=${release}`, "frontend"], baseEnv);

console.log(`${new Date().toISOString()}: load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} on ${cpus().length} cores (berth: ${berthBin})`);
for (let run = 1; run <= runs; run++) {
  if (process.env["BENCH_STACK"] === "0") {
    console.log(`run ${run}: the flagship, APP_VERSION u1 -> u2 in .env, berth up --build, 50 req/s x 40 s\n  ${line("berth up", await flagship())}`);
    continue;
  }
  const b = await measure("berthe2e-rollout-bench-b", berth(["up", "-q", "--no-build"]), berth(["up", "-q", "--no-build"]));
  const c = await measure("berthe2e-rollout-bench-c", compose(["up", "-d", "--no-build"]), compose(["up", "-d", "--no-build", "--force-recreate", "--no-deps", "backend"]));
  console.log(`run ${run}: 50 req/s x 20 s through nginx, backend v1 -> v2`);
  console.log(`  ${line("berth up", b)}`);
  console.log(`  ${line("docker-compose", c)}`);
  if (process.env["BENCH_EDGE"] !== "0") await edge(run);
  if (process.env["BENCH_FLAGSHIP"] !== "0") console.log(`run ${run}: the flagship, APP_VERSION u1 -> u2 in .env, berth up --build, 50 req/s x 40 s\n  ${line("berth up", await flagship())}`);
}

/** The published frontend gets a new image: berth rolls it behind its port holder, docker-compose recreates it. */
async function edge(run: number): Promise<void> {
  const bf = await measure("berthe2e-rollout-bench-b", berth(["up", "-q", "--no-build"]), async (env) => (await newFrontend(`b${run}`)(), await berth(["up", "-q", "--no-build"])({ ...env, APP_VERSION: "v1" })));
  const cf = await measure("berthe2e-rollout-bench-c", compose(["up", "-d", "--no-build"]), async (env) => (await newFrontend(`c${run}`)(), await compose(["up", "-d", "--no-build", "--no-deps", "frontend"])({ ...env, APP_VERSION: "v1" })));
  console.log(`run ${run}: 50 req/s x 20 s, the published frontend (nginx) gets a new image (build included in the update time)`);
  console.log(`  ${line("berth up", bf)}`);
  console.log(`  ${line("docker-compose", cf)}`);
}

/** The flagship's README flow in a copy of examples/fullstack; the load covers the build too. */
async function flagship(): Promise<Measured> {
  const dir = await mkdtemp(join(tmpdir(), "berth-bench-flagship-"));
  const project = "berthe2e-flagship-bench";
  const env: NodeJS.ProcessEnv = { ...baseEnv, COMPOSE_PROJECT_NAME: project, BERTH_STATE_DIR: join(dir, ".state") };
  delete env["FRONTEND_PORT"];
  const secrets = `POSTGRES_PASSWORD=${randomBytes(16).toString("hex")}\nREDIS_PASSWORD=${randomBytes(16).toString("hex")}\n`;
  const writeEnv = (version: string) => writeFile(join(dir, ".env"), `FRONTEND_PORT=18951\nAPP_VERSION=${version}\n${secrets}`);
  const run = (args: string[]) => promisify(execFile)(process.execPath, berthArgs(args), { cwd: dir, env, timeout: 600_000 });
  try {
    await cp(join(root, "examples", "fullstack"), dir, { recursive: true, filter: (source) => !/(^|\/)(node_modules|dist|\.env)$/.test(source) });
    await writeEnv("u1");
    await run(["up", "-q", "--build", "--wait-timeout", "300"]);
    await writeEnv("u2");
    const loadStarted = performance.now();
    const loading = runLoad("http://127.0.0.1:18951/api/version", 50, 40);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const loadBefore = loadavg()[0] ?? 0;
    const began = performance.now();
    await run(["up", "-q", "--build", "--wait-timeout", "300"]).catch((error: unknown) => console.log(`  berth up --build failed: ${String(error)}`));
    const updateSeconds = (performance.now() - began) / 1000;
    return { ...(await loading), updateSeconds, loadBefore, loadAfter: loadavg()[0] ?? 0, trace: [], updateBeganMs: began - loadStarted };
  } finally {
    await run(["down", "-v"]).catch(() => undefined);
    for (const tag of ["u1", "u2"]) await shAsync("docker", ["rmi", `berth-fullstack-frontend:${tag}`, `berth-fullstack-backend:${tag}`], baseEnv).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
