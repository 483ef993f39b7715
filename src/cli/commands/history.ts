import type { Command } from "commander";
import { projectStateDir } from "../../deploy/state-dir.js";
import { readReleases } from "../../release/release-store.js";
import { renderHistory } from "../../release/render-history.js";
import { swarmObserver } from "../../swarm/obs-client.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions, readProjectOptions } from "../project-options.js";
import { loadProjectFor } from "./project-session.js";
import { readRunRecords, renderRunHistory } from "./swarm-history.js";

/**
 * `berth history`: the project's deployments, newest first, from its state directory. On a Swarm
 * manager: the runs berth made against the stack, from their journals (docs/swarm.md).
 */
export const historyCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("history")
      .description("List deployments: time, changed services, image ids, outcome")
      .option("--json", "print the release records (on a Swarm manager: the runs) as JSON");
    addProjectOptions(command).action(async (raw: Record<string, unknown>) => {
      context.setExitCode(await runHistory(raw, context.io));
    });
  },
};

async function runHistory(raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const options = readProjectOptions(raw);
  const name = options.projectName ?? loadProjectFor({ ...options, services: [], environment: io.env, cwd: io.cwd }, io).name;
  const stateDir = projectStateDir(name, io.env);
  // Asked like ps asks; an engine that cannot be reached leaves the history of this machine's releases.
  const swarm = swarmObserver(io.env);
  if ((await swarm.role().catch(() => "none")) === "manager") {
    const runs = await readRunRecords(stateDir);
    io.stdout.write(raw["json"] === true ? `${JSON.stringify({ target: "swarm", stack: name, manager: swarm.display, runs }, null, 2)}\n` : renderRunHistory({ stack: name, manager: swarm.display, stateDir }, runs));
    return 0;
  }
  const releases = await readReleases(stateDir);
  io.stdout.write(raw["json"] === true ? `${JSON.stringify(releases, null, 2)}\n` : renderHistory(releases));
  return 0;
}
