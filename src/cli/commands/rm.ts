import { Option, type Command } from "commander";
import { UsageError } from "../../common/errors.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import { addProjectOptions } from "../project-options.js";
import { actOnContainers, isRunning, withServices } from "./container-verb.js";
import { stopTimeout } from "./verb-options.js";

/**
 * `berth rm`: remove stopped containers (running ones only with `-s`), as `docker compose rm`.
 * berth never prompts, so where compose asks "Are you sure?" berth wants `-f`; its `-f` is
 * `--force` as in compose, so the compose file goes before the verb: `berth -f x.yml rm -f`.
 */
export const rmCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = withServices(program.command("rm").description("Remove stopped containers (-s stops running ones first)"))
      .option("-f, --force", "remove without asking (berth never asks: required)")
      .option("-s, --stop", "stop running containers first")
      .option("-v, --volumes", "also remove the containers' anonymous volumes")
      .addOption(new Option("-t, --timeout <seconds>", "with -s: seconds to wait for a container to stop").default("10"));
    addProjectOptions(command, { withShortFile: false }).action(async (services: string[], raw: Record<string, unknown>) => {
      if (raw["force"] !== true) throw new UsageError("berth rm removes containers without asking: add -f to confirm", { hint: "berth ps lists them first; -s also stops running ones" });
      const timeoutSeconds = stopTimeout(raw["timeout"]);
      const stopFirst = raw["stop"] === true;
      await actOnContainers(services, raw, context.io, {
        applies: (row) => stopFirst || !isRunning(row),
        act: async (engine, row) => {
          if (isRunning(row)) await engine.stopContainer(row.id, { timeoutSeconds });
          await engine.removeContainer(row.id, { volumes: raw["volumes"] === true });
        },
        done: "removed",
      });
    });
  },
};
