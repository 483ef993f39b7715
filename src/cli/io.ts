import { setMaxListeners } from "node:events";

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** stdout is a terminal: live progress lines instead of timestamped ones. */
  readonly isTTY: boolean;
  /** Aborted on Ctrl-C so long operations can stop cleanly. */
  readonly signal: AbortSignal;
  /** Secret values of the projects loaded so far: the CLI redacts them from errors and warnings. */
  readonly secrets?: Set<string>;
}

export interface TextSink {
  write(text: string): unknown;
}

/** Collects text for tests. */
export class BufferSink implements TextSink {
  text = "";
  write(text: string): void {
    this.text += text;
  }
}

export function processIO(signal: AbortSignal): CliIO {
  // Every concurrent wait (one per service starting, probing or rolling) listens for Ctrl-C on
  // this signal: 50 services are 50 listeners, not a leak, so Node's warning at 11 is noise.
  setMaxListeners(1000, signal);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
    signal,
  };
}
