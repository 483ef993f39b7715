import { Option, type Command } from "commander";
import type { CommandContext, CommandModule } from "../command-module.js";
import { addProjectOptions } from "../project-options.js";
import { actOnContainers, isRunning, withServices } from "./container-verb.js";
import { signalName } from "./verb-options.js";

/** `berth kill`: send a signal (SIGKILL by default) to running containers. */
export const killCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = withServices(program.command("kill").description("Send a signal to running containers (SIGKILL by default)"))
      .addOption(new Option("-s, --signal <signal>", "the signal to send").default("SIGKILL"));
    addProjectOptions(command).action(async (services: string[], raw: Record<string, unknown>) => {
      const signal = signalName(raw["signal"]);
      await actOnContainers(services, raw, context.io, {
        applies: isRunning,
        act: (engine, row) => engine.killContainer(row.id, signal),
        done: `sent ${signal}`,
      });
    });
  },
};
