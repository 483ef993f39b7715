import { Option, type Command } from "commander";
import { OperationFailed, UsageError } from "../../common/errors.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions, collect } from "../project-options.js";
import { openProjectSession } from "./project-session.js";
import { selectContainers } from "./service-selection.js";

/** Longest an exec may run: a day; Ctrl-C ends the wait sooner. */
const execLimitMs = 24 * 60 * 60 * 1000;

/**
 * `berth exec SERVICE COMMAND...`: run a command in a running container of the service, without
 * a TTY (`-T` is accepted and is what berth always does), and exit with the command's exit code.
 */
export const execCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("exec")
      .description("Run a command in a running container of a service; exits with its exit code")
      .argument("<service>", "the service")
      .argument("<command...>", "the command and its arguments")
      .passThroughOptions()
      .option("-T, --no-TTY", "no pseudo-terminal (berth never allocates one)")
      .addOption(new Option("-e, --env <KEY=VALUE>", "set an environment variable (repeatable)").argParser(collect))
      .option("-u, --user <user>", "run as this user")
      .option("-w, --workdir <dir>", "working directory inside the container")
      .addOption(new Option("--index <n>", "which replica (1 = the first)").default("1"));
    addProjectOptions(command).action(async (service: string, argv: string[], raw: Record<string, unknown>) => {
      context.setExitCode(await runExec(service, argv, raw, context.io));
    });
  },
};

async function runExec(service: string, argv: readonly string[], raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const index = Number(raw["index"] ?? 1);
  if (!Number.isInteger(index) || index < 1) throw new UsageError(`--index must be a replica number from 1, got ${String(raw["index"])}`);
  const env = (raw["env"] as string[] | undefined) ?? [];
  const badEnv = env.find((pair) => !/^[^=]+=/.test(pair));
  if (badEnv !== undefined) throw new UsageError(`-e ${badEnv}: expected NAME=VALUE`);
  const { project, engine } = await openProjectSession(raw, io, { nameSuffices: true });
  const rows = await selectContainers(engine, project, [service]);
  const row = rows.find((candidate) => candidate.number === index);
  if (!row || row.state !== "running") {
    throw new OperationFailed("cli.exec-not-running", `${service} has no running container${index > 1 ? ` number ${index}` : ""}`, {
      hint: `berth ps ${service} shows its state; berth up ${service} starts it`,
    });
  }
  const result = await engine.exec(row.id, {
    command: argv,
    timeoutMs: execLimitMs,
    signal: io.signal,
    ...(env.length > 0 ? { env } : {}),
    ...(typeof raw["user"] === "string" ? { user: raw["user"] } : {}),
    ...(typeof raw["workdir"] === "string" ? { workingDir: raw["workdir"] } : {}),
  });
  io.stdout.write(result.stdout);
  io.stderr.write(result.stderr);
  if (io.signal.aborted) return 130;
  return result.exitCode < 0 ? 126 : result.exitCode;
}
