import type { Command } from "commander";
import type { CommandContext, CommandModule } from "../command-module.js";
import { addProjectOptions } from "../project-options.js";
import { actOnContainers, isRunning, withServices } from "./container-verb.js";
import { readinessOf, readinessOptions, waitUntilReady } from "./ready-verb.js";

/** `berth start`: start stopped containers, then wait for them as `up` does (`--no-wait` skips it). */
export const startCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = readinessOptions(withServices(program.command("start").description("Start stopped containers and wait until they are ready")));
    addProjectOptions(command).action(async (services: string[], raw: Record<string, unknown>) => {
      const readiness = readinessOf(raw);
      const startedAt = Date.now();
      const session = await actOnContainers(services, raw, context.io, {
        applies: (row) => !isRunning(row),
        act: (engine, row) => engine.startContainer(row.id),
        done: "started",
      });
      context.setExitCode(await waitUntilReady(session, readiness, raw, context.io, startedAt));
    });
  },
};
