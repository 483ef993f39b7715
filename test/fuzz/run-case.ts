import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { BufferSink, type CliIO } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/main.js";

/** The files of one case, by path relative to its project folder (compose.yaml is the main file). */
export type CaseFiles = Readonly<Record<string, string>>;

/** What is wrong with how berth answered one case, if anything. */
export type Problem =
  | { readonly kind: "crash"; readonly command: string; readonly signature: string; readonly output: string }
  | { readonly kind: "unlocated"; readonly command: string; readonly signature: string; readonly output: string };

export interface CaseResult {
  readonly codes: Readonly<Record<string, number>>;
  readonly problems: readonly Problem[];
}

/** The command lines every case runs: the loader alone, then every check rule on top of it. */
export const commands: readonly (readonly string[])[] = [["config"], ["check", "--format", "json"]];

/**
 * Writes the case to a fresh folder and runs each command in this process, as the CLI would
 * (same entry, same error handling), with an environment that holds nothing of the machine's.
 */
export async function runCase(files: CaseFiles): Promise<CaseResult> {
  const dir = mkdtempSync(join(tmpdir(), "berth-fuzz-"));
  try {
    for (const [path, text] of Object.entries(files)) {
      const target = join(dir, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    const codes: Record<string, number> = {};
    const problems: Problem[] = [];
    for (const argv of commands) {
      const stdout = new BufferSink();
      const stderr = new BufferSink();
      const io: CliIO = { stdout, stderr, env: { HOME: dir, PATH: process.env["PATH"] }, cwd: dir, isTTY: false, signal: new AbortController().signal };
      const code = await runCli(argv, io);
      const command = argv[0]!;
      codes[command] = code;
      const problem = judge(command, code, stdout.text, stderr.text.split(dir).join("<case>"));
      if (problem) problems.push(problem);
    }
    return { codes, problems };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A crash is exit 70 or a rule that failed ("this is a bug in berth" as a finding). A content
 * error must say where: `error: FILE:LINE:` on stderr, or a file and line on every JSON finding.
 */
export function judge(command: string, code: number, stdout: string, stderr: string): Problem | undefined {
  const output = `${stdout}${stderr}`;
  if (code === 70 || /this is a bug in berth/i.test(output)) {
    return { kind: "crash", command, signature: crashSignature(output), output: output.slice(0, 4000) };
  }
  if (code !== 1) return undefined;
  const errorLine = /^error: (.*)$/m.exec(stderr)?.[1];
  if (errorLine !== undefined) {
    return /^[^:\s][^:]*:\d+(:\d+)?: /.test(errorLine) ? undefined : unlocated(command, errorLine, output);
  }
  if (command === "check") {
    const findings = parseFindings(stdout);
    const bad = findings?.find((finding) => finding.severity === "error" && (typeof finding.file !== "string" || typeof finding.line !== "number"));
    if (findings === undefined) return unlocated(command, "check printed no JSON", output);
    if (bad) return unlocated(command, String(bad.message), output);
  }
  return undefined;
}

function unlocated(command: string, message: string, output: string): Problem {
  return { kind: "unlocated", command, signature: normalize(message), output: output.slice(0, 4000) };
}

interface Finding {
  readonly severity?: unknown;
  readonly file?: unknown;
  readonly line?: unknown;
  readonly message?: unknown;
}

function parseFindings(stdout: string): Finding[] | undefined {
  try {
    const parsed = JSON.parse(stdout) as { findings?: Finding[] };
    return Array.isArray(parsed.findings) ? parsed.findings : undefined;
  } catch {
    return undefined;
  }
}

// The same bug found through different inputs gets one signature: the first error line (or the
// failed rule) with numbers, quoted text and paths taken out.
function crashSignature(output: string): string {
  const rule = /rule ([\w-]+) failed: ([^\n(]*)/.exec(output);
  if (rule) return normalize(`rule ${rule[1]}: ${rule[2]}`);
  const error = /^error: (.*)$/m.exec(output)?.[1] ?? output.split("\n")[0] ?? "";
  const frame = /\n\s+at (?:\S+ )?\(?[^()\n]*\/(src\/[^:()\n]+):\d+/.exec(output)?.[1];
  return `${normalize(error)}${frame ? ` @ ${frame}` : ""}`;
}

function normalize(text: string): string {
  return text
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, "Q")
    .replace(/\/[^\s:]+/g, "P")
    .replace(/\d+/g, "N")
    .slice(0, 200);
}
