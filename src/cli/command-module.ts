import type { Command } from "commander";
import type { CliIO } from "./io.js";

/**
 * One CLI verb. `register` adds it to the program; its action returns the exit code, or throws a
 * BerthError that cli/main.ts turns into a message and an exit code.
 */
export interface CommandModule {
  register(program: Command, context: CommandContext): void;
}

export interface CommandContext {
  readonly io: CliIO;
  /** Commands report their exit code here rather than calling process.exit. */
  setExitCode(code: number): void;
}
