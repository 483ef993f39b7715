import { Option, type Command } from "commander";
import type { CommandContext, CommandModule } from "../command-module.js";
import { addProjectOptions } from "../project-options.js";
import { actOnContainers, withServices } from "./container-verb.js";
import { readinessOf, readinessOptions, waitUntilReady } from "./ready-verb.js";
import { stopTimeout } from "./verb-options.js";

/**
 * `berth restart`: restart the containers as they are (no new config: that is `up`), then keep the
 * health gates of `up`: exit 1 unless every restarted service is healthy (or running steadily) again.
 */
export const restartCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = readinessOptions(withServices(program.command("restart").description("Restart containers and wait until they are ready again")))
      .addOption(new Option("-t, --timeout <seconds>", "seconds to wait for a container to stop before killing it").default("10"));
    addProjectOptions(command).action(async (services: string[], raw: Record<string, unknown>) => {
      const timeoutSeconds = stopTimeout(raw["timeout"]);
      const readiness = readinessOf(raw);
      const startedAt = Date.now();
      const session = await actOnContainers(services, raw, context.io, {
        applies: (row) => row.state !== "created",
        act: (engine, row) => engine.restartContainer(row.id, { timeoutSeconds }),
        done: "restarted",
      });
      context.setExitCode(await waitUntilReady(session, readiness, raw, context.io, startedAt));
    });
  },
};
