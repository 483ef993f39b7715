import type { Command } from "commander";
import type { Engine } from "../../engine/engine.js";
import type { ContainerRow } from "../../deploy/list-containers.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions } from "../project-options.js";
import { openProjectSession } from "./project-session.js";
import { selectContainers } from "./service-selection.js";
import { renderColumns } from "./table.js";

/** `berth top [SERVICE...]`: the processes of each running container, as `docker compose top`. */
export const topCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program.command("top").description("Show the processes running in the services' containers").argument("[services...]", "only these services");
    addProjectOptions(command).action(async (services: string[], raw: Record<string, unknown>) => {
      await runTop(services, raw, context.io);
    });
  },
};

async function runTop(services: readonly string[], raw: Record<string, unknown>, io: CliIO): Promise<void> {
  const { project, engine } = await openProjectSession(raw, io, { nameSuffices: true });
  const running = (await selectContainers(engine, project, services)).filter((row) => row.state === "running");
  io.stdout.write(await renderTop(engine, running));
}

/** One block per running container, sorted by name: its name, then its `ps` table. */
export async function renderTop(engine: Engine, rows: readonly ContainerRow[]): Promise<string> {
  const sorted = [...rows].sort((a, b) => a.name.localeCompare(b.name));
  const blocks = await Promise.all(sorted.map(async (row) => {
    const top = await engine.topContainer(row.id);
    return `${row.name}\n${renderColumns(top.titles, top.processes)}`;
  }));
  return blocks.join("\n");
}
