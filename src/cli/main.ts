import { Command, CommanderError } from "commander";
import { BerthError, ExitCode, InternalError, formatLocation } from "../common/errors.js";
import { createRedactor, secretNamedValues } from "../common/redact.js";
import type { CommandContext, CommandModule } from "./command-module.js";
import { loadCommandModules } from "./commands/index.js";
import { addGlobalProjectOptions, mergeGlobalOptions, validateProjectOptions } from "./global-options.js";
import { fsFailure, type CliIO, type TextSink } from "./io.js";
import { berthVersion } from "./version.js";

/** Runs one berth command line and returns its exit code. The only place that catches errors. */
export async function runCli(argv: readonly string[], cliIO: CliIO): Promise<number> {
  let exitCode: number = ExitCode.ok;
  // Secret-named variables now, the project's secrets as the command loads it: an error (the
  // loader's "invalid port \"…\"" quotes the interpolated value) never prints one.
  const io = { ...cliIO, secrets: cliIO.secrets ?? new Set(secretNamedValues(cliIO.env)) };
  const context: CommandContext = { io, setExitCode: (code) => (exitCode = code) };
  try {
    const program = buildProgram(context, await loadCommandModules(argv));
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    return reportError(error, { ...io, stderr: redactingSink(io.stderr, io.secrets) });
  }
}

function redactingSink(sink: TextSink, secrets: ReadonlySet<string>): TextSink {
  const redactor = createRedactor(secrets);
  return { write: (text: string) => sink.write(redactor.text(text)) };
}

function buildProgram(context: CommandContext, modules: readonly CommandModule[]): Command {
  const program = new Command("berth")
    .description("Deploy Docker Compose stacks with proof.")
    .version(berthVersion(), "-v, --version")
    // Program options only before the verb, so a verb may reuse a letter (`down -v` removes volumes).
    .enablePositionalOptions()
    // No "did you mean …?": commander's guess for `restart` was `restore`, a destructive verb.
    .showSuggestionAfterError(false)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
      outputError: (text, write) => write(text),
    });
  addGlobalProjectOptions(program);
  program.hook("preAction", (_program, verb) => {
    mergeGlobalOptions(program.opts(), verb);
    validateProjectOptions(verb.opts(), context.io.cwd);
  });
  for (const module of modules) module.register(program, context);
  for (const command of program.commands) command.exitOverride();
  return program;
}

function reportError(error: unknown, io: CliIO): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message; help and version are successful exits.
    const isSuccess = error.exitCode === 0;
    return isSuccess ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof BerthError) {
    io.stderr.write(renderBerthError(error));
    return error.exitCode;
  }
  const fs = fsFailure(error);
  if (fs) {
    io.stderr.write(renderBerthError(fs));
    return fs.exitCode;
  }
  const bug = new InternalError(error instanceof Error ? error.message : String(error), { cause: error });
  io.stderr.write(renderBerthError(bug));
  if (error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  io.stderr.write("This is a bug in berth: please report it with the command you ran.\n");
  return bug.exitCode;
}

export function renderBerthError(error: BerthError): string {
  const where = error.location ? `${formatLocation(error.location)}: ` : "";
  const lines = [`error: ${where}${error.message}`];
  if (error.hint) lines.push(`  hint: ${error.hint}`);
  return `${lines.join("\n")}\n`;
}
