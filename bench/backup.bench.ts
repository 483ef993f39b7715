// Benchmark of `berth backup` on a generated Postgres (run: node_modules/.bin/tsx bench/backup.bench.ts;
// BENCH_PG_GB sets the database size, default 1). Same database, same run:
//   1. berth backup (pg_dump -Fc in a helper from the service's image, hashed, manifest) and its
//      restore drill (scratch container, pg_restore, exact row counts), with berth's peak memory;
//   2. the plain way from report 004: `docker exec db pg_dump > file`, in plain SQL and in custom
//      format, with no checksum and no proof that it restores.
// Throughput is the database size (pg_database_size) over wall time. Never part of the test suite.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const root = join(import.meta.dirname, "..");
const sizeGb = Number(process.env["BENCH_PG_GB"] ?? 1);
const project = "berthe2e-backup-bench";
const container = `${project}-postgres-1`;
const work = mkdtempSync(join(tmpdir(), "berth-backup-bench-"));
const env = { ...process.env, BERTH_STATE_DIR: join(work, "state"), BERTH_STABLE_MS: "1000" };
const berthCommand = process.env["BERTH_BIN"] ? [process.env["BERTH_BIN"]] : ["--import", pathToFileURL(join(root, "node_modules", "tsx", "dist", "loader.mjs")).href, join(root, "e2e", "support", "berth-cli.ts")];

interface Timed {
  readonly seconds: number;
  readonly maxRssMb: number;
  readonly stdout: string;
}

/** Runs a command under GNU time for wall time and peak memory; throws on failure. */
function timed(file: string, args: readonly string[], input?: { stdoutTo: string }): Timed {
  const started = performance.now();
  const shell = input === undefined ? undefined : `exec "$@" > ${JSON.stringify(input.stdoutTo)}`;
  const argv = shell === undefined ? ["-f", "%M", file, ...args] : ["-f", "%M", "sh", "-c", shell, "sh", file, ...args];
  const run = spawnSync("/usr/bin/time", argv, { cwd: work, env, encoding: "utf8", maxBuffer: 64 << 20 });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${file} ${args.join(" ")} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  return { seconds, maxRssMb: Number(run.stderr.trim().split("\n").at(-1)) / 1024, stdout: run.stdout };
}

const berth = (...args: string[]) => timed(process.execPath, [...berthCommand, ...args, "-p", project]);
const psql = (sql: string) => timed("docker", ["exec", container, "psql", "-U", "bench", "-d", "bench", "-tAc", sql]).stdout.trim();

function setUp(): void {
  writeFileSync(join(work, "compose.yaml"), `services:
  postgres:
    image: postgres:15
    environment: { POSTGRES_USER: bench, POSTGRES_PASSWORD: bench-secret, POSTGRES_DB: bench }
    volumes: [pgdata:/var/lib/postgresql/data]
    healthcheck:
      test: ["CMD", "pg_isready", "-h", "127.0.0.1", "-U", "bench", "-d", "bench"]
      interval: 2s
      retries: 30
volumes:
  pgdata:
`);
  berth("up", "--quiet");
}

/** Fills a table with incompressible-ish rows (md5 text) until the database reaches the size. */
function generate(): { bytes: number; rows: number; seconds: number } {
  const started = performance.now();
  psql("CREATE TABLE events (id bigint PRIMARY KEY, kind int NOT NULL, a text NOT NULL, b text NOT NULL, c text NOT NULL)");
  const batch = 1_000_000;
  let rows = 0;
  // Bounded: at most 40 batches (about 6 GB) whatever the requested size.
  for (let i = 0; i < 40 && Number(psql("SELECT pg_database_size(current_database())")) < sizeGb * 1024 ** 3; i++) {
    psql(`INSERT INTO events SELECT g, g % 17, md5(g::text), md5((g * 7)::text), md5((g * 13)::text) FROM generate_series(${rows + 1}, ${rows + batch}) g`);
    rows += batch;
  }
  psql("VACUUM ANALYZE events");
  return { bytes: Number(psql("SELECT pg_database_size(current_database())")), rows, seconds: (performance.now() - started) / 1000 };
}

interface Row {
  readonly what: string;
  readonly seconds: number;
  readonly artifactBytes?: number;
  readonly maxRssMb?: number;
}

function measure(dbBytes: number): Row[] {
  const rows: Row[] = [];
  const dir = join(work, "backups");
  const backup = berth("backup", "postgres", "--json", "--dir", dir);
  const manifest = (JSON.parse(backup.stdout) as { manifest: { durationMs: number; sizeBytes: number; drill: { ok: boolean; durationMs: number; checks: string[] } } }[])[0]?.manifest;
  if (manifest === undefined || !manifest.drill.ok) throw new Error(`berth backup did not pass its drill:\n${backup.stdout}`);
  rows.push({ what: "berth backup + drill (total)", seconds: backup.seconds, artifactBytes: manifest.sizeBytes, maxRssMb: backup.maxRssMb });
  rows.push({ what: "  of which dump + sha256", seconds: manifest.durationMs / 1000 });
  rows.push({ what: "  of which restore drill", seconds: manifest.drill.durationMs / 1000 });
  const noDrill = berth("backup", "postgres", "--json", "--no-drill", "--dir", dir);
  rows.push({ what: "berth backup --no-drill", seconds: noDrill.seconds, maxRssMb: noDrill.maxRssMb });
  const plain = timed("docker", ["exec", container, "pg_dump", "-U", "bench", "-d", "bench"], { stdoutTo: join(work, "plain.sql") });
  rows.push({ what: "docker exec pg_dump > file.sql", seconds: plain.seconds, artifactBytes: statSync(join(work, "plain.sql")).size });
  const custom = timed("docker", ["exec", container, "pg_dump", "-U", "bench", "-d", "bench", "-Fc"], { stdoutTo: join(work, "custom.dump") });
  rows.push({ what: "docker exec pg_dump -Fc > file.dump", seconds: custom.seconds, artifactBytes: statSync(join(work, "custom.dump")).size });
  printTable(rows, dbBytes);
  return rows;
}

function printTable(rows: readonly Row[], dbBytes: number): void {
  const mb = (bytes: number) => (bytes / 1024 ** 2).toFixed(0);
  console.log(`\n${"what".padEnd(38)} ${"seconds".padStart(8)} ${"MB/s".padStart(7)} ${"artifact MB".padStart(12)} ${"berth RSS MB".padStart(13)}`);
  for (const row of rows) {
    const rate = (dbBytes / 1024 ** 2 / row.seconds).toFixed(1);
    console.log(`${row.what.padEnd(38)} ${row.seconds.toFixed(1).padStart(8)} ${rate.padStart(7)} ${(row.artifactBytes === undefined ? "" : mb(row.artifactBytes)).padStart(12)} ${(row.maxRssMb === undefined ? "" : row.maxRssMb.toFixed(0)).padStart(13)}`);
  }
}

try {
  setUp();
  const generated = generate();
  console.log(`database: ${(generated.bytes / 1024 ** 3).toFixed(2)} GiB (pg_database_size), ${generated.rows} rows in events, generated in ${generated.seconds.toFixed(0)} s`);
  const rows = measure(generated.bytes);
  mkdirSync(join(root, ".cache"), { recursive: true });
  writeFileSync(join(root, ".cache", "backup-bench.json"), `${JSON.stringify({ at: new Date().toISOString(), dbBytes: generated.bytes, rows }, null, 2)}\n`);
} finally {
  spawnSync(process.execPath, [...berthCommand, "down", "-v", "-q", "-p", project], { cwd: work, env, stdio: "ignore" });
  rmSync(work, { recursive: true, force: true });
}
