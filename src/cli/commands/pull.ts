import type { Command } from "commander";
import { BerthError, ExitCode } from "../../common/errors.js";
import { imageOf } from "../../plan/desired.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions } from "../project-options.js";
import { openProjectSession } from "./project-session.js";
import { assertKnownServices } from "./service-selection.js";

/**
 * `berth pull [SERVICE...]`: pull the services' images from their registries, as `docker compose
 * pull`. Services built from a Dockerfile without an `image:` are left out (`berth build` makes them).
 */
export const pullCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("pull")
      .description("Pull the services' images from their registries")
      .argument("[services...]", "only these services")
      .option("--ignore-pull-failures", "pull what can be pulled and exit 0")
      .option("--ignore-buildable", "leave out services that have a build section")
      .option("-q, --quiet", "print nothing but failures");
    addProjectOptions(command).action(async (services: string[], raw: Record<string, unknown>) => {
      context.setExitCode(await runPull(services, raw, context.io));
    });
  },
};

async function runPull(services: readonly string[], raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const { project, engine } = await openProjectSession(raw, io);
  assertKnownServices(project, services, []);
  const chosen = Object.values(project.services).filter((service) => services.length === 0 || services.includes(service.name));
  const pullable = chosen.filter((service) => (service.build === undefined || (raw["ignoreBuildable"] !== true && service.image !== undefined)));
  const references = [...new Set(pullable.map((service) => imageOf(project, service)))].sort();
  let failed = 0;
  for (const reference of references) {
    try {
      await engine.pullImage(reference, io.signal);
      if (raw["quiet"] !== true) io.stdout.write(`pulled ${reference}\n`);
    } catch (error) {
      if (!(error instanceof BerthError)) throw error;
      failed++;
      io.stderr.write(`error: ${error.message}\n`);
    }
  }
  if (failed > 0 && raw["ignorePullFailures"] !== true) {
    io.stderr.write(`hint: ${failed} image(s) could not be pulled; images already on this engine are used as they are by berth up\n`);
    return ExitCode.failed;
  }
  return ExitCode.ok;
}
