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
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
    signal,
  };
}
