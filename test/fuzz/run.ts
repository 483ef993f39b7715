// The fuzz harness for `config` and `check`: mutates real projects (examples/, test/stacks/,
// /work/shared when present), runs both commands on every case in worker threads with a time
// limit, and reports crashes (exit 70, a rule that failed), hangs, and content errors that do not
// say file and line. Failures are minimized and can be saved as regression cases.
//
//   npx tsx test/fuzz/run.ts --cases 10000 [--seed 1] [--workers 2] [--timeout-ms 20000]
//                            [--max-seconds 0] [--save test/fuzz/crashers] [--json]
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadSeeds, type Seed } from "./corpus.js";
import { minimize } from "./minimize.js";
import { mutate } from "./mutators.js";
import { CasePool, type Outcome } from "./pool.js";
import { Random } from "./random.js";
import type { CaseFiles, Problem } from "./run-case.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
export const seedRoots = [join(repo, "examples"), join(repo, "test/stacks"), "/work/shared/corpus", "/work/shared/conformance/compose"];

export interface FuzzOptions {
  readonly cases: number;
  readonly seed: number;
  readonly workers: number;
  readonly timeoutMs: number;
  /** Stop starting cases after this many seconds (0: no limit); the summary says how many ran. */
  readonly maxSeconds: number;
  readonly save: string | undefined;
  readonly minimizeBudget: number;
}

export interface Failure {
  readonly kind: "crash" | "unlocated" | "hang" | "harness-error";
  readonly signature: string;
  readonly count: number;
  readonly seed: string;
  readonly example: CaseFiles;
  readonly output: string;
}

export interface FuzzSummary {
  readonly cases: number;
  readonly seeds: number;
  readonly seconds: number;
  readonly exit70: number;
  readonly crashes: number;
  readonly hangs: number;
  readonly unlocated: number;
  readonly harnessErrors: number;
  readonly slowestMs: number;
  readonly codes: Readonly<Record<string, number>>;
  readonly failures: readonly Failure[];
}

export async function fuzz(options: FuzzOptions, log: (line: string) => void = () => {}): Promise<FuzzSummary> {
  const seeds = loadSeeds(seedRoots);
  if (seeds.length === 0) throw new Error(`no seed projects under ${seedRoots.join(", ")}`);
  const random = new Random(options.seed);
  const pool = new CasePool(options.workers, options.timeoutMs);
  const started = Date.now();
  const failures = new Map<string, Failure & { count: number }>();
  const codes: Record<string, number> = {};
  let ran = 0;
  let exit70 = 0;
  let slowestMs = 0;
  const record = (kind: Failure["kind"], signature: string, seed: Seed, files: CaseFiles, output: string) => {
    const key = `${kind}:${signature}`;
    const known = failures.get(key);
    if (known) known.count += 1;
    else failures.set(key, { kind, signature, count: 1, seed: seed.name, example: files, output });
  };
  try {
    const inFlight = new Set<Promise<void>>();
    for (let index = 0; index < options.cases; index++) {
      if (options.maxSeconds > 0 && Date.now() - started > options.maxSeconds * 1000) break;
      const seed = random.pick(seeds);
      const files = random.chance(0.05) ? seed.files : mutate(seed.files, random);
      const task = pool.run(files).then((outcome: Outcome) => {
        ran += 1;
        if (outcome.kind === "hang") record("hang", `over ${options.timeoutMs} ms`, seed, files, "");
        else if (outcome.kind === "harness-error") record("harness-error", outcome.error.split("\n")[0] ?? "", seed, files, outcome.error);
        else {
          slowestMs = Math.max(slowestMs, outcome.ms);
          for (const [command, code] of Object.entries(outcome.result.codes)) codes[`${command}:${code}`] = (codes[`${command}:${code}`] ?? 0) + 1;
          if (Object.values(outcome.result.codes).includes(70)) exit70 += 1;
          for (const problem of outcome.result.problems) record(problem.kind, `${problem.command}: ${problem.signature}`, seed, files, problem.output);
        }
        if (ran % 500 === 0) log(`${ran} cases, ${Math.round((Date.now() - started) / 1000)} s, ${failures.size} distinct failures`);
      });
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
      if (inFlight.size >= options.workers * 2) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const list = [...failures.values()];
    for (const failure of list) {
      if (failure.kind === "hang" || failure.kind === "harness-error") continue;
      const small = await minimize(failure.example, (candidate) => sameFailure(pool, candidate, failure), options.minimizeBudget);
      Object.assign(failure, { example: small });
      if (options.save) save(options.save, failure);
    }
    const count = (kind: Failure["kind"]) => list.filter((failure) => failure.kind === kind).reduce((sum, failure) => sum + failure.count, 0);
    return {
      cases: ran,
      seeds: seeds.length,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      exit70,
      crashes: count("crash"),
      hangs: count("hang"),
      unlocated: count("unlocated"),
      harnessErrors: count("harness-error"),
      slowestMs,
      codes,
      failures: list,
    };
  } finally {
    await pool.close();
  }
}

async function sameFailure(pool: CasePool, files: CaseFiles, failure: Failure): Promise<boolean> {
  const outcome = await pool.run(files);
  if (outcome.kind !== "done") return false;
  return outcome.result.problems.some((problem: Problem) => problem.kind === failure.kind && `${problem.command}: ${problem.signature}` === failure.signature);
}

/** A minimized failure as a folder of files, which test/fuzz/regressions.test.ts runs. */
function save(root: string, failure: Failure): void {
  const id = createHash("sha256").update(`${failure.kind}:${failure.signature}`).digest("hex").slice(0, 12);
  const dir = join(root, `${failure.kind}-${id}`);
  for (const [path, text] of Object.entries(failure.example)) {
    mkdirSync(dirname(join(dir, "files", path)), { recursive: true });
    writeFileSync(join(dir, "files", path), text);
  }
  writeFileSync(join(dir, "failure.json"), `${JSON.stringify({ kind: failure.kind, signature: failure.signature, seed: failure.seed }, null, 2)}\n`);
}

export function parseArgs(argv: readonly string[]): FuzzOptions {
  const value = (flag: string, fallback: number) => {
    const index = argv.indexOf(flag);
    if (index < 0) return fallback;
    const parsed = Number(argv[index + 1]);
    if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${flag} takes a number`);
    return parsed;
  };
  const saveAt = argv.indexOf("--save");
  return {
    cases: value("--cases", 2000),
    seed: value("--seed", 1),
    workers: Math.max(1, value("--workers", 2)),
    timeoutMs: value("--timeout-ms", 20_000),
    maxSeconds: value("--max-seconds", 0),
    save: saveAt >= 0 ? (argv[saveAt + 1] ?? join(repo, "test/fuzz/crashers")) : undefined,
    minimizeBudget: value("--minimize-budget", 200),
  };
}

function printSummary(summary: FuzzSummary, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...summary, failures: summary.failures.map(({ example: _example, output, ...rest }) => ({ ...rest, output: output.slice(0, 600) })) }, null, 2)}\n`);
    return;
  }
  const lines = [
    `${summary.cases} cases from ${summary.seeds} seed projects in ${summary.seconds} s: ${summary.exit70} with exit 70, ${summary.crashes} crashes, ${summary.hangs} hangs, ${summary.unlocated} content errors without file and line, ${summary.harnessErrors} harness errors; slowest case ${summary.slowestMs} ms`,
    `exit codes: ${Object.entries(summary.codes).sort().map(([key, count]) => `${key} ×${count}`).join(", ")}`,
  ];
  for (const failure of summary.failures) {
    lines.push(`\n${failure.kind} ×${failure.count} (seed ${failure.seed}): ${failure.signature}`);
    for (const [path, text] of Object.entries(failure.example)) lines.push(`--- ${path}\n${text.slice(0, 1500)}`);
    lines.push(`--- output\n${failure.output.slice(0, 1500)}`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argv = process.argv.slice(2);
  const summary = await fuzz(parseArgs(argv), (line) => process.stderr.write(`[fuzz] ${line}\n`));
  printSummary(summary, argv.includes("--json"));
  process.exitCode = summary.failures.length === 0 ? 0 : 1;
}
