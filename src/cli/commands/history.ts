import type { Command } from "commander";
import { projectStateDir } from "../../deploy/state-dir.js";
import { readReleases } from "../../release/release-store.js";
import { renderHistory } from "../../release/render-history.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions, readProjectOptions } from "../project-options.js";
import { loadProjectFor } from "./project-session.js";

/** `berth history`: the project's deployments, newest first, from its state directory. */
export const historyCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("history")
      .description("List deployments: time, changed services, image ids, outcome")
      .option("--json", "print the release records as JSON");
    addProjectOptions(command).action(async (raw: Record<string, unknown>) => {
      context.setExitCode(await runHistory(raw, context.io));
    });
  },
};

async function runHistory(raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const options = readProjectOptions(raw);
  const name = options.projectName ?? loadProjectFor({ ...options, services: [], environment: io.env, cwd: io.cwd }, io).name;
  const releases = await readReleases(projectStateDir(name, io.env));
  io.stdout.write(raw["json"] === true ? `${JSON.stringify(releases, null, 2)}\n` : renderHistory(releases));
  return 0;
}
