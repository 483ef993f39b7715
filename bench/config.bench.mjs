// Times `berth config` (the compiled CLI, as users run it) on every compose file of the
// awesome-compose corpus and on a generated 200-service project, plus the in-process loader.
// dclint (the peer tool, a linter that also parses and schema-validates) runs on the same files
// in the same run, for scale. Usage: npm run build && node bench/config.bench.mjs [--runs N]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const runsFlag = process.argv.indexOf("--runs");
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
// shared/ sits beside the repository on our machines (see test/support/shared-dir.ts).
const corpus = process.env.BERTH_AWESOME_COMPOSE_DIR ?? [join(root, "..", "shared"), "/work/shared"].map((dir) => join(dir, "corpus", "awesome-compose")).find((dir) => existsSync(dir)) ?? "";
const berth = join(root, "bin", "berth.js");
const dclint = join(root, "node_modules", "dclint", "bin", "dclint.cjs");

if (!existsSync(join(root, "dist", "cli", "main.js"))) {
  console.error("dist/ is missing: run `npm run build` first");
  process.exit(2);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${value.toFixed(0)} ms`;

function timeCommand(args, cwd) {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, encoding: "utf8", env: { PATH: process.env.PATH, HOME: tmpdir() } });
  return { ms: performance.now() - start, status: result.status };
}

function corpusFiles() {
  if (!existsSync(corpus)) return [];
  return readdirSync(corpus)
    .filter((name) => statSync(join(corpus, name)).isDirectory())
    .flatMap((name) => readdirSync(join(corpus, name)).filter((f) => /^(docker-)?compose\.ya?ml$/.test(f)).map((f) => join(corpus, name, f)));
}

// A project shaped like a big real one: ports, env, named and bind volumes, health-gated
// dependencies on earlier services, two networks, resource limits.
function generatedProject(count) {
  const lines = ["name: bench", "services:"];
  for (let i = 0; i < count; i++) {
    const deps = [i - 1, i - 7].filter((d) => d >= 0).map((d) => `      svc${d}:\n        condition: service_healthy`);
    lines.push(
      `  svc${i}:`,
      `    image: "registry.example.test/app${i % 17}:\${TAG:-1.0}"`,
      `    ports: ["127.0.0.1:${20000 + i}:8080"]`,
      `    environment:\n      SERVICE_INDEX: "${i}"\n      LOG_LEVEL: info\n      DATABASE_URL: postgres://db:5432/app${i}`,
      `    volumes: ["data${i % 20}:/var/lib/app", "./config/svc${i}.conf:/etc/app.conf:ro"]`,
      `    networks: [front, back]`,
      `    healthcheck: {test: ["CMD", "true"], interval: 10s, timeout: 2s, retries: 3}`,
      `    deploy: {resources: {limits: {cpus: "0.5", memory: 256m}}}`,
      `    labels: [com.example.index=${i}, com.example.tier=app]`,
      ...(deps.length > 0 ? ["    depends_on:", ...deps] : []),
    );
  }
  lines.push("networks:\n  front: {}\n  back: {internal: true}", "volumes:");
  for (let v = 0; v < 20; v++) lines.push(`  data${v}: {}`);
  return `${lines.join("\n")}\n`;
}

function benchCorpus(files) {
  const berthTimes = [];
  const dclintTimes = [];
  let failures = 0;
  for (const file of files) {
    const run = timeCommand([berth, "config", "-f", file, "--format", "json"], dirname(file));
    if (run.status !== 0) failures++;
    berthTimes.push(run.ms);
    dclintTimes.push(timeCommand([dclint, file, "--quiet", "--color", "false"], dirname(file)).ms);
  }
  const sum = (values) => values.reduce((a, b) => a + b, 0);
  console.log(`awesome-compose: ${files.length} files, berth config failed on ${failures}`);
  console.log(`  berth config   total ${ms(sum(berthTimes))}, median ${ms(median(berthTimes))} per file (process start included)`);
  console.log(`  dclint (peer)  total ${ms(sum(dclintTimes))}, median ${ms(median(dclintTimes))} per file (lint, process start included)`);
}

async function benchGenerated(count) {
  const dir = mkdtempSync(join(tmpdir(), "berth-bench-"));
  const file = join(dir, "compose.yaml");
  writeFileSync(file, generatedProject(count));
  try {
    const cli = Array.from({ length: runs }, () => timeCommand([berth, "config", "--format", "json"], dir));
    if (cli.some((run) => run.status !== 0)) throw new Error("berth config failed on the generated project");
    const peer = Array.from({ length: runs }, () => timeCommand([dclint, file, "--quiet", "--color", "false"], dir).ms);
    const { loadProject } = await import(join(root, "dist", "compose", "load.js"));
    const options = { files: [file], profiles: [], envFiles: [], environment: { HOME: tmpdir() }, cwd: dir };
    loadProject(options);
    const cpuStart = process.cpuUsage();
    const inProcess = Array.from({ length: runs * 4 }, () => {
      const start = performance.now();
      loadProject(options);
      return performance.now() - start;
    });
    const cpu = process.cpuUsage(cpuStart);
    const cpuPerLoad = (cpu.user + cpu.system) / 1000 / inProcess.length;
    console.log(`generated project: ${count} services (${runs} runs each)`);
    console.log(`  berth config   median ${ms(median(cli.map((run) => run.ms)))} (process start included)`);
    console.log(`  loadProject    median ${median(inProcess).toFixed(1)} ms wall, ${cpuPerLoad.toFixed(1)} ms CPU per load (in-process, warm)`);
    console.log(`  dclint (peer)  median ${ms(median(peer))}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Wall times depend on what else runs: print the machine's load next to them.
console.log(`node ${process.version}, ${cpus().length} cpus, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
const files = corpusFiles();
if (files.length > 0) benchCorpus(files);
else console.log(`awesome-compose corpus not found at ${corpus}: skipped`);
await benchGenerated(200);
