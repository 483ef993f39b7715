import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BufferSink, type CliIO } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/main.js";
import { firstExactDifference, firstSubsetDifference, pointerExists, withCaseDir } from "./compare.js";

export interface CaseResult {
  readonly name: string;
  readonly passed: boolean;
  readonly reason?: string;
}

interface CaseArgs {
  files?: string[];
  project_name?: string;
  profiles?: string[];
  env_files?: string[];
  project_directory?: string;
  services?: string[];
}

interface Match {
  mode: "subset" | "exact" | "error";
  absent?: string[];
  stderr_contains?: string[];
}

const readJson = <T>(path: string, fallback: T): T => (existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as T) : fallback);

/** `berth config --format json` with the case's options, as the corpus README describes. */
export function caseArgv(args: CaseArgs): string[] {
  return [
    "config",
    "--format",
    "json",
    ...(args.files ?? []).flatMap((file) => ["-f", file]),
    ...(args.project_name === undefined ? [] : ["-p", args.project_name]),
    ...(args.profiles ?? []).flatMap((profile) => ["--profile", profile]),
    ...(args.env_files ?? []).flatMap((file) => ["--env-file", file]),
    ...(args.project_directory === undefined ? [] : ["--project-directory", args.project_directory]),
    ...(args.services ?? []),
  ];
}

/** Runs one case folder in-process and judges it. */
export async function runCase(caseDir: string, name: string): Promise<CaseResult> {
  const args = readJson<CaseArgs>(join(caseDir, "args.json"), {});
  const env = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", ...readJson<Record<string, string>>(join(caseDir, "env.json"), {}) };
  const match = readJson<Match>(join(caseDir, "match.json"), { mode: "subset" });
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const io: CliIO = { stdout, stderr, env, cwd: caseDir, isTTY: false, signal: new AbortController().signal };
  const exitCode = await runCli(caseArgv(args), io);
  const reason = match.mode === "error" ? judgeError(caseDir, exitCode, stdout.text + stderr.text) : judgeOutput(caseDir, match, exitCode, stdout.text, stderr.text);
  return reason === undefined ? { name, passed: true } : { name, passed: false, reason };
}

function judgeError(caseDir: string, exitCode: number, output: string): string | undefined {
  if (exitCode === 0) return "expected an error, exit code was 0";
  const text = readFileSync(join(caseDir, "expected-error.txt"), "utf8");
  const wanted = text.split("\n").filter((line) => line.startsWith("contains:")).map((line) => line.slice("contains:".length).trim());
  const missing = wanted.find((needle) => !output.toLowerCase().includes(needle.toLowerCase()));
  return missing === undefined ? undefined : `error output lacks "${missing}": ${output.trim().split("\n")[0] ?? ""}`;
}

function judgeOutput(caseDir: string, match: Match, exitCode: number, stdout: string, stderr: string): string | undefined {
  if (exitCode !== 0) return `exit code ${exitCode}: ${stderr.trim().split("\n")[0] ?? ""}`;
  const actual = JSON.parse(stdout) as unknown;
  const expected = withCaseDir(readJson<unknown>(join(caseDir, "expected.json"), {}), caseDir);
  const difference = match.mode === "exact" ? firstExactDifference(expected, actual) : firstSubsetDifference(expected, actual);
  if (difference !== undefined) return `differs at ${difference}`;
  const present = (match.absent ?? []).find((pointer) => pointerExists(actual, pointer));
  if (present !== undefined) return `${present} should be absent`;
  const missing = (match.stderr_contains ?? []).find((needle) => !stderr.toLowerCase().includes(needle.toLowerCase()));
  return missing === undefined ? undefined : `stderr lacks "${missing}"`;
}
