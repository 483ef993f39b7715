import { Option, type Command } from "commander";
import { lockProject } from "../../deploy/lock.js";
import { projectStateDir } from "../../deploy/state-dir.js";
import { takeDown, type DownResult } from "../../deploy/take-down.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions } from "../project-options.js";
import { createProgressView } from "../render/progress-view.js";
import { openProjectSession } from "./project-session.js";

/** `berth down`: stop and remove the stack; volumes only with -v. */
export const downCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("down")
      .description("Stop and remove the stack's containers and networks (volumes with -v)")
      .option("-v, --volumes", "also remove named volumes and anonymous volumes")
      .addOption(new Option("--rmi <which>", "also remove images: local (built ones) or all").choices(["local", "all"]))
      .addOption(new Option("-t, --timeout <seconds>", "seconds to wait for a container to stop").default("10"))
      .option("--remove-orphans", "accepted for compose compatibility: down always removes every container of the project")
      .option("-q, --quiet", "no progress output");
    addProjectOptions(command).action(async (raw: Record<string, unknown>) => {
      context.setExitCode(await runDown(raw, context.io));
    });
  },
};

async function runDown(raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const { project, engine } = await openProjectSession(raw, io, { nameSuffices: true });
  const view = createProgressView({ sink: io.stdout, live: false, quiet: raw["quiet"] === true });
  const lock = await lockProject({ stateDir: projectStateDir(project.name, io.env), timeoutMs: 60_000, signal: io.signal });
  try {
    const removeImages = raw["rmi"] === "local" || raw["rmi"] === "all" ? raw["rmi"] : undefined;
    const result = await takeDown({
      engine,
      project,
      volumes: raw["volumes"] === true,
      timeoutSeconds: Number(raw["timeout"] ?? 10),
      onProgress: view.onProgress,
      ...(removeImages ? { removeImages } : {}),
    });
    if (raw["quiet"] !== true) io.stdout.write(summary(project.name, result));
    return 0;
  } finally {
    await lock.release();
  }
}

function summary(project: string, result: DownResult): string {
  const parts = [
    `${result.containers.length} container(s)`,
    `${result.networks.length} network(s)`,
    `${result.volumes.length} volume(s)`,
    ...(result.images.length > 0 ? [`${result.images.length} image(s)`] : []),
  ];
  return `${project}: removed ${parts.join(", ")}\n`;
}
