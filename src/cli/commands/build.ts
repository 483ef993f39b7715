import { join } from "node:path";
import type { Command } from "commander";
import { Option } from "commander";
import { ExitCode, UsageError } from "../../common/errors.js";
import { buildRequestOf } from "../../deploy/operations/images.js";
import type { BuildResult } from "../../engine/engine.js";
import { imageOf } from "../../plan/desired.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions, collect } from "../project-options.js";
import { openProjectSession } from "./project-session.js";
import { refuseSessionBuilds } from "./session-builds.js";
import { cacheDigestsIn } from "../../engine/context-digest.js";
import { projectStateDir } from "../../deploy/state-dir.js";
import { assertKnownServices } from "./service-selection.js";

/**
 * `berth build [SERVICE...]`: build the images of the services that have a build section, with
 * the build output streamed as it arrives (`service | #3 RUN npm ci`), BuildKit where the engine
 * has it. Exit 1 when a build fails, with its failing step.
 */
export const buildCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("build")
      .description("Build the services' images, streaming the build output")
      .argument("[services...]", "only these services")
      .option("--no-cache", "do not use the build cache")
      .option("--pull", "try to pull newer base images (needs a registry)")
      .addOption(new Option("--build-arg <KEY=VALUE>", "a build argument over the file's (repeatable)").argParser(collect))
      .option("-q, --quiet", "print nothing but the outcome");
    addProjectOptions(command).action(async (services: string[], raw: Record<string, unknown>) => {
      context.setExitCode(await runBuildVerb(services, raw, context.io));
    });
  },
};

async function runBuildVerb(services: readonly string[], raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const extraArgs = buildArgs((raw["buildArg"] as string[] | undefined) ?? []);
  const { project, engine } = await openProjectSession(raw, io);
  assertKnownServices(project, services, []);
  const chosen = Object.values(project.services).filter((service) => services.length === 0 || services.includes(service.name));
  const buildable = chosen.filter((service) => service.build !== undefined);
  for (const service of chosen.filter((candidate) => candidate.build === undefined && services.includes(candidate.name))) {
    io.stderr.write(`${service.name} has no build section (it runs ${service.image ?? "no image"}): nothing to build\n`);
  }
  refuseSessionBuilds(project, buildable.map((service) => service.name));
  cacheDigestsIn(join(projectStateDir(project.name, io.env), "build-digests.json"));
  let failed = 0;
  for (const service of buildable) {
    const image = imageOf(project, service);
    const base = buildRequestOf(service.build as NonNullable<typeof service.build>, image);
    const request = { ...base, args: { ...base.args, ...extraArgs }, ...(raw["cache"] === false ? { noCache: true } : {}), ...(raw["pull"] === true ? { pull: true } : {}) };
    const quiet = raw["quiet"] === true;
    const result = await engine.buildImage(request, quiet ? undefined : (progress) => io.stdout.write(`${service.name} | ${progress.text}\n`), io.signal);
    io.stdout.write(outcomeLine(service.name, image, result));
    if (!result.ok) {
      failed++;
      io.stderr.write(failureText(service.name, result));
    }
  }
  return failed > 0 ? ExitCode.failed : ExitCode.ok;
}

/** `--build-arg KEY=VALUE` pairs; `KEY` alone takes the value from berth's environment, as docker does. */
export function buildArgs(pairs: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> {
  const args: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    const key = at < 0 ? pair : pair.slice(0, at);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new UsageError(`--build-arg ${pair}: expected NAME=VALUE`);
    const value = at < 0 ? env[key] : pair.slice(at + 1);
    if (value !== undefined) args[key] = value;
  }
  return args;
}

export function outcomeLine(service: string, image: string, result: BuildResult): string {
  if (result.ok) return `${service}: built ${image} (${(result.imageId ?? "").replace(/^sha256:/, "").slice(0, 12)})\n`;
  return `${service}: build of ${image} failed\n`;
}

/** The failing step and its last output lines, then the builder's message. */
export function failureText(service: string, result: BuildResult): string {
  const lines = [`error: ${service}: ${result.error ?? "the build failed"}`];
  if (result.failedStep) lines.push(`  failing step ${result.failedStep.index}/${result.failedStep.total}: ${result.failedStep.instruction}`);
  for (const line of (result.failedStepOutput ?? []).slice(-10)) lines.push(`    ${line}`);
  return `${lines.join("\n")}\n`;
}
