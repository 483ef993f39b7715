import { Option, type Command } from "commander";
import type { CommandContext, CommandModule } from "../command-module.js";
import { addProjectOptions } from "../project-options.js";
import { actOnContainers, isRunning, withServices } from "./container-verb.js";
import { stopTimeout } from "./verb-options.js";

/** `berth stop`: stop running containers without removing them, as `docker compose stop`. */
export const stopCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = withServices(program.command("stop").description("Stop running containers without removing them"))
      .addOption(new Option("-t, --timeout <seconds>", "seconds to wait before killing a container").default("10"));
    addProjectOptions(command).action(async (services: string[], raw: Record<string, unknown>) => {
      const timeoutSeconds = stopTimeout(raw["timeout"]);
      await actOnContainers(services, raw, context.io, {
        applies: isRunning,
        act: (engine, row) => engine.stopContainer(row.id, { timeoutSeconds }),
        done: "stopped",
      });
    });
  },
};
