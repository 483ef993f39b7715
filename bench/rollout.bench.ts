// Benchmark of a backend update under load (run: node_modules/.bin/tsx bench/rollout.bench.ts;
// needs `npm run build`, the engine and Debian's docker-compose 1.29). Same stack
// (e2e/stacks/rollout: nginx -> Node backend), same load (open-loop 50 req/s for 20 s on
// loopback, the update 3 s in), same run, both tools:
//   berth:          `berth up` after APP_VERSION v1 -> v2 (start-first rolling update)
//   docker-compose: `docker-compose up -d --force-recreate --no-deps backend` (v1 -> v2)
// Prints failed requests, the longest gap between successful responses and the update's wall
// time. Images are built before the load so neither tool builds while it is measured.
// BENCH_RUNS (default 1) repeats the pair.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
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
async function measure(project: string, start: (env: NodeJS.ProcessEnv) => Promise<unknown>, update: (env: NodeJS.ProcessEnv) => Promise<unknown>): Promise<LoadReport & { updateSeconds: number }> {
  cleanup(project);
  try {
    await start({ ...baseEnv, COMPOSE_PROJECT_NAME: project, APP_VERSION: "v1" });
    await untilServing(`http://127.0.0.1:${port}/api/version`);
    const loading = runLoad(`http://127.0.0.1:${port}/api/version`, 50, 20);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const began = performance.now();
    await update({ ...baseEnv, COMPOSE_PROJECT_NAME: project, APP_VERSION: "v2" });
    const updateSeconds = (performance.now() - began) / 1000;
    return { ...(await loading), updateSeconds };
  } finally {
    cleanup(project);
  }
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

const berth = (args: string[]) => (env: NodeJS.ProcessEnv) => shAsync(process.execPath, [berthBin, ...args], env);
const compose = (args: string[]) => (env: NodeJS.ProcessEnv) => shAsync("docker-compose", args, env);

function line(tool: string, report: LoadReport & { updateSeconds: number }): string {
  const versions = report.versions.join(">");
  return `${tool.padEnd(15)} sent ${report.sent}  failed ${String(report.failed).padStart(3)}  longest gap ${String(report.longestGapMs).padStart(5)} ms  update ${report.updateSeconds.toFixed(1)} s  versions ${versions}`;
}

for (const version of ["v1", "v2"]) sh("docker-compose", ["-p", "berthe2e-rollout-bench", "build", "backend"], { ...baseEnv, APP_VERSION: version });
sh("docker-compose", ["-p", "berthe2e-rollout-bench", "build", "frontend"], baseEnv);
for (let run = 1; run <= runs; run++) {
  const b = await measure("berthe2e-rollout-bench-b", berth(["up", "-q", "--no-build"]), berth(["up", "-q", "--no-build"]));
  const c = await measure("berthe2e-rollout-bench-c", compose(["up", "-d", "--no-build"]), compose(["up", "-d", "--no-build", "--force-recreate", "--no-deps", "backend"]));
  console.log(`run ${run}: 50 req/s x 20 s through nginx, backend v1 -> v2`);
  console.log(`  ${line("berth up", b)}`);
  console.log(`  ${line("docker-compose", c)}`);
}
