import type { Command } from "commander";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions } from "../project-options.js";
import { parseCpArguments, parseCpTargetOptions } from "./cp-args.js";
import { cpTargets } from "./cp-targets.js";
import { copyIn, copyOut, type CpFlags } from "./cp-transfer.js";
import { openProjectSession } from "./project-session.js";

/** `berth cp SERVICE:SRC DEST` and `berth cp SRC SERVICE:DEST`, as `docker compose cp`, through the archive API. */
export const cpCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("cp")
      .description("Copy files or folders between a service's container and this machine")
      .argument("<source>", "SERVICE:SRC_PATH or a local path")
      .argument("<destination>", "a local path or SERVICE:DEST_PATH")
      .option("--index <n>", "which replica (1 = the first); copying in goes to every replica without it")
      .option("--all", "copying in: also into the service's one-off (berth run) containers")
      .option("-a, --archive", "keep owners: out, the archive's uid/gid (needs root); in, the container's user")
      .option("-L, --follow-link", "when the source path is a symlink, copy what it points at");
    addProjectOptions(command).action(async (source: string, destination: string, raw: Record<string, unknown>) => {
      await runCp(source, destination, raw, context.io);
    });
  },
};

async function runCp(source: string, destination: string, raw: Record<string, unknown>, io: CliIO): Promise<void> {
  const args = parseCpArguments(source, destination);
  const options = parseCpTargetOptions(raw, args.direction);
  const flags: CpFlags = { archive: raw["archive"] === true, followLink: raw["followLink"] === true };
  const { project, engine } = await openProjectSession(raw, io, { nameSuffices: true });
  const targets = await cpTargets(engine, project, args, options);
  if (args.direction === "out") {
    const target = targets[0]!;
    const copied = await copyOut(engine, target, args, flags, io.cwd);
    io.stderr.write(`copied ${target.name}:${args.containerPath} to ${args.localPath} (${copied.files} file${copied.files === 1 ? "" : "s"}, ${formatBytes(copied.bytes)})\n`);
    return;
  }
  for (const target of targets) {
    await copyIn(engine, target, args, flags, io.cwd);
    io.stderr.write(`copied ${args.localPath} to ${target.name}:${args.containerPath}\n`);
  }
}

/** `512 B`, `2.1 kB`, `3.4 MB`, as docker cp words sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
