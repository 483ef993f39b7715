import { Option, type Command } from "commander";
import { formatLocation, UsageError } from "../../common/errors.js";
import type { LoadWarning, Project } from "../../compose/model/project.js";
import { toComposeJson } from "../../compose/output/to-compose-json.js";
import { toComposeYaml } from "../../compose/output/to-compose-yaml.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions, readProjectOptions } from "../project-options.js";
import { loadProjectFor } from "./project-session.js";

type Format = "yaml" | "json";

/** `berth config`: load, validate and print the canonical project like `docker compose config`. */
export const configCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("config")
      .description("Validate the compose files and print the canonical project (like docker compose config)")
      .argument("[services...]", "only these services (and what they depend on)")
      .addOption(new Option("--format <format>", "output format").choices(["yaml", "json"]).default("yaml"))
      .option("--services", "print the service names, one per line")
      .option("--volumes", "print the volume names, one per line")
      .option("--networks", "print the network names, one per line")
      .option("--profiles", "print the profile names, one per line")
      .option("--images", "print the image names, one per line")
      .option("-q, --quiet", "only validate, print nothing");
    addProjectOptions(command).action((services: string[], raw: Record<string, unknown>) => {
      context.setExitCode(runConfig(services, raw, context.io));
    });
  },
};

function runConfig(services: readonly string[], raw: Record<string, unknown>, io: CliIO): number {
  const format = raw["format"] as Format;
  if (format !== "yaml" && format !== "json") throw new UsageError(`unknown format ${String(format)}`, { hint: "use --format yaml or --format json" });
  const project = loadProjectFor({ ...readProjectOptions(raw), services, environment: io.env, cwd: io.cwd }, io);
  printWarnings(project.meta.warnings, io);
  if (raw["quiet"] === true) return 0;
  const listing = listFor(project, raw);
  io.stdout.write(listing ? listing.map((line) => `${line}\n`).join("") : render(project, format));
  return 0;
}

function render(project: Project, format: Format): string {
  return format === "json" ? `${JSON.stringify(toComposeJson(project), null, 2)}\n` : toComposeYaml(project);
}

// The listing flags of `docker compose config`; undefined when none was given.
function listFor(project: Project, raw: Record<string, unknown>): readonly string[] | undefined {
  const services = Object.values(project.services);
  const all = [...services, ...Object.values(project.meta.disabledServices)];
  if (raw["services"] === true) return Object.keys(project.services);
  if (raw["volumes"] === true) return Object.keys(project.volumes);
  if (raw["networks"] === true) return Object.keys(project.networks);
  if (raw["profiles"] === true) return [...new Set(all.flatMap((service) => service.profiles ?? []))].sort();
  if (raw["images"] === true) return services.map((service) => service.image ?? `${project.name}-${service.name}`);
  return undefined;
}

function printWarnings(warnings: readonly LoadWarning[], io: CliIO): void {
  for (const warning of warnings) {
    const where = warning.location ? `${formatLocation(warning.location)}: ` : "";
    io.stderr.write(`WARN ${where}${warning.message}\n`);
  }
}
