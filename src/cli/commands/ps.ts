import type { Command } from "commander";
import { ExitCode, UsageError } from "../../common/errors.js";
import type { ContainerRow } from "../../deploy/list-containers.js";
import { swarmObserver, type StackView } from "../../swarm/obs-client.js";
import { shortServices } from "../../swarm/obs-health.js";
import { narrowTo, stackSections } from "../../swarm/obs-summary.js";
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
      .option("-q, --quiet", "print container ids only")
      .option("--check", "on a Swarm manager: exit 1 when a service runs fewer tasks than it should");
    addProjectOptions(command).action(async (services: string[], raw: Record<string, unknown>) => {
      context.setExitCode(await runPs(services, raw, context.io));
    });
  },
};

async function runPs(services: readonly string[], raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const { project, engine } = await openProjectSession(raw, io, { nameSuffices: true });
  // A Swarm manager: the stack's tasks, nodes and services (docs/swarm.md), read-only.
  const swarm = swarmObserver(io.env);
  if ((await swarm.role()) === "manager") return printStack(await swarm.stackView(project.name), services, raw, io);
  if (raw["check"] === true) throw new UsageError(`--check judges a stack on a Swarm manager, and ${swarm.display} is not one`, { hint: "on one engine, `berth verify` judges the running stack" });
  const rows = await selectContainers(engine, project, services);
  if (raw["json"] === true) io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (raw["quiet"] === true) io.stdout.write(rows.map((row) => `${row.id}\n`).join(""));
  else io.stdout.write(renderTable(rows));
  return 0;
}

/**
 * The stack on a manager: its tasks, the nodes, each service's running/desired tasks, then what
 * was lost and where it went. A listing exits 0 as on one engine; `--check` exits 1 when a
 * service runs fewer tasks than it should (a task on a down node counts as not running).
 */
function printStack(view: StackView, services: readonly string[], raw: Record<string, unknown>, io: CliIO): number {
  const { tasks, health } = narrowTo(services, view.tasks, view.health);
  if (raw["json"] === true) io.stdout.write(`${JSON.stringify({ tasks, services: health.services, nodes: health.nodes }, null, 2)}\n`);
  else if (raw["quiet"] === true) io.stdout.write(tasks.map((row) => `${row.id}\n`).join(""));
  else {
    const { tables, lines } = stackSections(tasks, health);
    io.stdout.write([...tables.map((table) => renderColumns(table.header, table.cells)), ...(lines.length > 0 ? [`${lines.join("\n")}\n`] : [])].join("\n"));
  }
  return raw["check"] === true && shortServices(health).length > 0 ? ExitCode.failed : ExitCode.ok;
}

/**
 * Columns as `docker compose ps` names them, plus the running release (image and image id) after
 * the status, so scripts reading `NAME SERVICE STATUS` keep working.
 */
export function renderTable(rows: readonly ContainerRow[]): string {
  const header = ["NAME", "SERVICE", "STATUS", "IMAGE", "IMAGE ID", "PORTS"];
  return renderColumns(header, rows.map((row) => [row.name, row.service, row.status, row.image, row.imageId, row.ports.join(", ")]));
}
