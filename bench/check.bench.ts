// Benchmark of `berth check` (run: node_modules/.bin/tsx bench/check.bench.ts).
// 1. The awesome-compose corpus: berth in-process (after one warm-up pass) vs dclint (npm) as a
//    child process on the same compose files, in the same run. dclint reads compose files only;
//    berth also parses Dockerfiles, .dockerignore, nginx and env files.
// 2. A generated project of 200 services (builds, Dockerfiles, env files, an nginx proxy).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkProject } from "../src/check/check-project.js";
import { loadProject } from "../src/compose/load.js";
import { cpus, loadavg } from "node:os";
import { diskFileTree } from "../src/check/files/disk-file-tree.js";
import { allRules } from "../src/check/rules/index.js";
import { sharedDir } from "../test/support/shared-dir.js";

const corpus = sharedDir("corpus", "awesome-compose") ?? "/work/shared/corpus/awesome-compose";
const composeNames = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function checkFile(file: string, cwd: string) {
  return checkProject({ files: [file], profiles: [], envFiles: [], environment: {}, cwd }, diskFileTree(), allRules);
}

function timeBerthCorpus(files: string[]): { totalMs: number; cpuMs: number; findings: number } {
  const start = performance.now();
  const cpu = process.cpuUsage();
  let findings = 0;
  for (const file of files) findings += checkFile(file, join(file, "..")).findings.length;
  const used = process.cpuUsage(cpu);
  return { totalMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000, findings };
}

function timeDclint(files: string[]): { wallMs: number; status: number | null; findings: number } {
  const output = join(tmpdir(), "dclint-bench.json");
  const start = performance.now();
  const run = spawnSync(process.execPath, ["node_modules/dclint/bin/dclint.cjs", ...files, "-f", "json", "-o", output], { encoding: "utf8" });
  const wallMs = performance.now() - start;
  const report = JSON.parse(readFileSync(output, "utf8")) as { messages: unknown[] }[];
  return { wallMs, status: run.status, findings: report.reduce((sum, file) => sum + file.messages.length, 0) };
}

function generateProject(services: number): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-bench-"));
  const lines = ["services:", "  proxy:", "    image: nginx:1.22", "    ports: ['127.0.0.1:8080:80']", "    volumes: ['./nginx.conf:/etc/nginx/conf.d/default.conf:ro']"];
  const locations: string[] = [];
  for (let index = 0; index < services; index++) {
    const name = `svc${index}`;
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "Dockerfile"), 'FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY . .\nUSER node\nEXPOSE 3000\nCMD ["node", "server.js"]\n');
    writeFileSync(join(dir, name, "package.json"), '{ "dependencies": { "express": "4.19.2" } }');
    writeFileSync(join(dir, name, "package-lock.json"), "{}");
    writeFileSync(join(dir, name, "server.js"), "");
    writeFileSync(join(dir, name, ".dockerignore"), "node_modules\n.env*\n");
    lines.push(`  ${name}:`, `    build: ./${name}`, "    restart: unless-stopped", "    environment:", `      DATABASE_URL: postgresql://app:\${DB_PASSWORD}@db:5432/app`, "      PORT: '3000'", "    depends_on:", "      db: { condition: service_healthy }", "    healthcheck:", "      test: ['CMD', 'node', '-e', 'process.exit(0)']");
    locations.push(`  location /${name}/ { proxy_pass http://${name}:3000; }`);
  }
  lines.push("  db:", "    image: postgres:15", "    environment:", "      POSTGRES_USER: app", "      POSTGRES_PASSWORD: ${DB_PASSWORD}", "      POSTGRES_DB: app", "    healthcheck:", "      test: ['CMD', 'pg_isready', '-U', 'app']");
  writeFileSync(join(dir, "compose.yaml"), `${lines.join("\n")}\n`);
  writeFileSync(join(dir, ".env"), "DB_PASSWORD=3f9a1c7e5b2d4f6a8c0e\n");
  writeFileSync(join(dir, "nginx.conf"), `server {\n  listen 80;\n${locations.join("\n")}\n}\n`);
  return dir;
}

function benchCorpus(): void {
  if (!existsSync(corpus)) return void console.log("corpus absent: skipped");
  const files = readdirSync(corpus).flatMap((name) => composeNames.map((file) => join(corpus, name, file)).filter(existsSync).slice(0, 1));
  timeBerthCorpus(files);
  const berth = [1, 2, 3].map(() => timeBerthCorpus(files));
  const dclint = [1, 2, 3].map(() => timeDclint(files));
  const berthMs = median(berth.map((run) => run.totalMs));
  console.log(`corpus: ${files.length} stacks`);
  console.log(`  berth check (in-process, warm): total ${berthMs.toFixed(0)} ms wall, ${median(berth.map((run) => run.cpuMs)).toFixed(0)} ms CPU, ${(berthMs / files.length).toFixed(1)} ms/stack, ${berth[0]?.findings} findings`);
  const single = [1, 2, 3].map(() => timeDclint(files.slice(0, 1)).wallMs);
  console.log(`  dclint ${files.length} files (one process, cold start included): median ${median(dclint.map((run) => run.wallMs)).toFixed(0)} ms, ${dclint[0]?.findings} findings, exit ${dclint[0]?.status}`);
  console.log(`  dclint on one file (its start-up cost): median ${median(single).toFixed(0)} ms`);
}

function benchGenerated(services: number): void {
  const dir = generateProject(services);
  try {
    const file = join(dir, "compose.yaml");
    checkFile(file, dir);
    const runs = [1, 2, 3].map(() => {
      const start = performance.now();
      const cpu = process.cpuUsage();
      const result = checkFile(file, dir);
      const used = process.cpuUsage(cpu);
      return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, findings: result.findings.length };
    });
    const loads = [1, 2, 3].map(() => {
      const start = performance.now();
      loadProject({ files: [file], profiles: [], envFiles: [], environment: {}, cwd: dir, lenient: true });
      return performance.now() - start;
    });
    console.log(`generated project: ${services} services + proxy + db: berth check median ${median(runs.map((run) => run.ms)).toFixed(0)} ms wall, ${median(runs.map((run) => run.cpuMs)).toFixed(0)} ms CPU (of which loading the compose project ${median(loads).toFixed(0)} ms), ${runs[0]?.findings} findings`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// BENCH_KEEP=1 only writes the generated project and prints its path, for profiling.
if (process.env["BENCH_KEEP"]) {
  console.log(generateProject(200));
  process.exit(0);
}
console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((value) => value.toFixed(1)).join(" / ")} (shared with other work)`);
benchCorpus();
benchGenerated(200);
