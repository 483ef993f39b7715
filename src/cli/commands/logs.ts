import { Option, type Command } from "commander";
import { UsageError } from "../../common/errors.js";
import { createRedactor } from "../../common/redact.js";
import { LineBuffer } from "../render/line-buffer.js";
import type { Engine } from "../../engine/engine.js";
import type { ContainerRow } from "../../deploy/list-containers.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions } from "../project-options.js";
import { projectStateDir } from "../../deploy/state-dir.js";
import { readPreviousLogs } from "../../release/previous-logs.js";
import { renderPreviousLogs, servicesWithoutPrevious, type PreviousLogsOptions } from "./logs-previous.js";
import { openProjectSession } from "./project-session.js";
import { selectContainers } from "./service-selection.js";
import { swarmReader } from "../../swarm/swarm-client.js";

/** `berth logs`: the output of the stack's containers, prefixed with the container's service. */
export const logsCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("logs")
      .description("Show the output of the stack's containers")
      .argument("[services...]", "only these services")
      .option("-f, --follow", "keep printing new output until Ctrl-C")
      .addOption(new Option("--tail <lines>", "only the last N lines of each container"))
      .option("-t, --timestamps", "show timestamps")
      .option("--no-log-prefix", "print lines without the service prefix")
      .option("--previous", "the last lines of the containers up and rollback replaced (kept in the state folder)");
    addProjectOptions(command, { withShortFile: false }).action(async (services: string[], raw: Record<string, unknown>) => {
      context.setExitCode(await runLogs(services, raw, context.io));
    });
  },
};

async function runLogs(services: readonly string[], raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const tail = raw["tail"] === undefined || raw["tail"] === "all" ? undefined : Number(raw["tail"]);
  if (tail !== undefined && (!Number.isInteger(tail) || tail < 0)) throw new UsageError(`--tail must be a number of lines, got ${String(raw["tail"])}`);
  if (raw["previous"] === true && raw["follow"] === true) throw new UsageError("--previous prints what was kept of removed containers: it cannot --follow");
  const { project, engine } = await openProjectSession(raw, io, { nameSuffices: true });
  // --previous reads what berth kept of removed containers, on any engine; the names are checked as for the live ones.
  if (raw["previous"] === true) {
    await selectContainers(engine, project, services);
    return printPrevious(projectStateDir(project.name, io.env), services, { ...(tail === undefined ? {} : { tail }), timestamps: raw["timestamps"] === true, prefix: raw["logPrefix"] !== false }, io);
  }
  // A Swarm manager: the stack's services, from every node (docs/swarm.md). An engine that does
  // not answer /info is no manager: the session's own engine says why at its first call.
  const swarm = swarmReader(io.env);
  if ((await swarm.role().catch(() => "none")) === "manager") {
    const { swarmLogs } = await import("./swarm-logs.js");
    const options = { ...(tail === undefined ? {} : { tail }), timestamps: raw["timestamps"] === true, follow: raw["follow"] === true, prefix: raw["logPrefix"] !== false };
    await swarmLogs(swarm, project.name, services, options, io.signal, createRedactor(io.secrets ?? []), (text) => io.stdout.write(text));
    return 0;
  }
  const rows = await selectContainers(engine, project, services);
  const width = Math.max(0, ...rows.map((row) => prefixOf(row).length));
  const options = { ...(tail === undefined ? {} : { tail }), timestamps: raw["timestamps"] === true };
  // Apps log their secrets (a URL with its password, a token): the project's are printed as ***.
  const redactor = createRedactor(io.secrets ?? []);
  const print = (row: ContainerRow, text: string) => io.stdout.write(prefixed(raw["logPrefix"] === false ? "" : prefixOf(row).padEnd(width), redactor.text(text)));
  if (raw["follow"] === true) {
    await Promise.all(rows.map((row) => follow(engine, row, options, io.signal, (text) => print(row, text))));
    return 0;
  }
  for (const row of rows) print(row, (await engine.readLogs(row.id, options)).map((chunk) => chunk.text).join(""));
  return 0;
}

async function printPrevious(stateDir: string, services: readonly string[], options: PreviousLogsOptions, io: CliIO): Promise<number> {
  const kept = await readPreviousLogs(stateDir);
  const redactor = createRedactor(io.secrets ?? []);
  io.stdout.write(redactor.text(renderPreviousLogs(kept, services, options)));
  const without = servicesWithoutPrevious(kept, services);
  if (without.length > 0) io.stderr.write(`${without[0] === "*" ? "no service has a" : `${without.join(", ")}: no`} previous container kept (berth keeps the last lines of containers that up and rollback replace)\n`);
  return 0;
}

/** How long a line without its newline (a prompt, a progress bar) waits before it is printed as it is. */
const PARTIAL_LINE_MS = 300;

/**
 * Follows one container's output, printed in whole lines: the engine's chunks end anywhere, and
 * a line cut in two would get two prefixes, and a secret cut in two would escape redaction.
 */
async function follow(engine: Engine, row: ContainerRow, options: { tail?: number; timestamps: boolean }, signal: AbortSignal, write: (text: string) => void): Promise<void> {
  const lines = new LineBuffer();
  let idle: NodeJS.Timeout | undefined;
  const emit = (text: string) => {
    if (text !== "") write(text);
  };
  try {
    for await (const chunk of engine.followLogs(row.id, options, signal)) {
      clearTimeout(idle);
      emit(lines.push(chunk.text));
      if (lines.pending) idle = setTimeout(() => emit(lines.flush()), PARTIAL_LINE_MS);
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    clearTimeout(idle);
    emit(lines.flush());
  }
}

function prefixOf(row: ContainerRow): string {
  return `${row.service}-${row.number}`;
}

/** Every line gets `service-N  | `, as compose prints it; a trailing partial line too. */
function prefixed(prefix: string, text: string): string {
  if (text === "") return "";
  const lines = text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
  return lines.map((line) => (prefix ? `${prefix} | ${line}\n` : `${line}\n`)).join("");
}
