import type { Command } from "commander";
import type { ContainerRow } from "../../deploy/list-containers.js";
import { swarmReader } from "../../swarm/swarm-client.js";
import { taskTable, type TaskRow } from "../../swarm/stack-tasks.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions } from "../project-options.js";
import { openProjectSession } from "./project-session.js";
import { selectContainers } from "./service-selection.js";
import { renderColumns } from "./table.js";

/** `berth ps`: the stack's containers, as a table or JSON. */
export const psCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("ps")
      .description("List the stack's containers")
      .argument("[services...]", "only these services")
      .option("--json", "print JSON")
      .option("-q, --quiet", "print container ids only");
    addProjectOptions(command).action(async (services: string[], raw: Record<string, unknown>) => {
      context.setExitCode(await runPs(services, raw, context.io));
    });
  },
};

async function runPs(services: readonly string[], raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const { project, engine } = await openProjectSession(raw, io, { nameSuffices: true });
  // A Swarm manager: the stack's tasks and their nodes (docs/swarm.md), read-only.
  const swarm = swarmReader(io.env);
  if ((await swarm.role()) === "manager") return printStackTasks(await swarm.stackTasks(project.name), services, raw, io);
  const rows = await selectContainers(engine, project, services);
  if (raw["json"] === true) io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (raw["quiet"] === true) io.stdout.write(rows.map((row) => `${row.id}\n`).join(""));
  else io.stdout.write(renderTable(rows));
  return 0;
}

function printStackTasks(all: readonly TaskRow[], services: readonly string[], raw: Record<string, unknown>, io: CliIO): number {
  const rows = services.length === 0 ? all : all.filter((row) => services.includes(row.service));
  const { header, cells } = taskTable(rows);
  if (raw["json"] === true) io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (raw["quiet"] === true) io.stdout.write(rows.map((row) => `${row.id}\n`).join(""));
  else io.stdout.write(renderColumns(header, cells));
  return 0;
}

/**
 * Columns as `docker compose ps` names them, plus the running release (image and image id) after
 * the status, so scripts reading `NAME SERVICE STATUS` keep working.
 */
export function renderTable(rows: readonly ContainerRow[]): string {
  const header = ["NAME", "SERVICE", "STATUS", "IMAGE", "IMAGE ID", "PORTS"];
  return renderColumns(header, rows.map((row) => [row.name, row.service, row.status, row.image, row.imageId, row.ports.join(", ")]));
}
