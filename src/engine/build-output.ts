import type { BuildProgress, BuildResult, BuildStep } from "./types/image.js";

/** One JSON message of the classic builder's `/build` stream. */
export interface BuildMessage {
  readonly stream?: string;
  readonly aux?: { readonly ID?: string };
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string; readonly code?: number };
  readonly status?: string;
}

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;
// Builder bookkeeping around a step's own output: not what the user's command printed.
const BOOKKEEPING = /^( ---> |Removing intermediate container |Successfully (built|tagged) )/;
// The builder colours a RUN's stderr red; the log keeps the text only.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Follows the classic builder's output: splits it into lines, tracks the current step and its
 * output, and ends as a BuildResult (the failing step and what it printed, or the image id).
 */
export class BuildOutput {
  private readonly lines: string[] = [];
  private partial = "";
  private step: BuildStep | undefined;
  private stepLines: string[] = [];
  private imageId: string | undefined;
  private error: string | undefined;

  /** Takes one message; returns the complete lines it finished, as progress. */
  accept(message: BuildMessage): BuildProgress[] {
    if (message.aux?.ID !== undefined) this.imageId = message.aux.ID;
    if (message.error !== undefined) this.error = message.errorDetail?.message ?? message.error;
    const text = message.stream ?? (message.status === undefined ? "" : `${message.status}\n`);
    if (message.error !== undefined) return [...this.takeLines(text), ...this.takeLines(`${this.error}\n`)];
    return this.takeLines(text);
  }

  /** The outcome once the stream has ended; `failure` is an error the request itself raised. */
  result(failure?: string): BuildResult {
    if (this.partial !== "") this.takeLines("\n");
    const error =
      failure ?? this.error ?? (this.imageId === undefined ? "the build ended without an image" : undefined);
    const log = this.lines.join("\n");
    if (error === undefined) return { ok: true, imageId: this.imageId as string, log };
    const base = { ok: false, log, error };
    return this.step === undefined
      ? base
      : { ...base, failedStep: this.step, failedStepOutput: [...this.stepLines] };
  }

  private takeLines(text: string): BuildProgress[] {
    const pieces = (this.partial + text.replace(ANSI, "")).split(/\r?\n/);
    this.partial = pieces.pop() ?? "";
    return pieces.map((line) => this.takeLine(line));
  }

  private takeLine(line: string): BuildProgress {
    this.lines.push(line);
    const match = STEP.exec(line);
    if (match !== null) {
      this.step = { index: Number(match[1]), total: Number(match[2]), instruction: match[3] ?? "" };
      this.stepLines = [];
      return { step: this.step, text: line };
    }
    if (!BOOKKEEPING.test(line) && line !== "" && line !== this.error) this.stepLines.push(line);
    return { text: line };
  }
}
