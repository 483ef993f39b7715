import { Option, type Command } from "commander";
import { projectStateDir } from "../../deploy/state-dir.js";
import { takeDown, type DownResult } from "../../deploy/take-down.js";
import { recordEvent } from "../../release/record-event.js";
import { takeRunLock } from "../../runs/run-lock.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions } from "../project-options.js";
import { createProgressView } from "../render/progress-view.js";
import { dryRunEngine } from "./dry-run-engine.js";
import { openProjectSession } from "./project-session.js";
import { addTargetOption, deployTarget } from "./swarm-target.js";
import { swarmReader } from "../../swarm/swarm-client.js";
import { stopTimeout } from "./verb-options.js";

/** `berth down`: stop and remove the stack; volumes only with -v. */
export const downCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("down")
      .description("Stop and remove the stack's containers and networks (volumes with -v)")
      .option("-v, --volumes", "also remove named volumes and anonymous volumes")
      .addOption(new Option("--rmi <which>", "also remove images: local (built ones) or all").choices(["local", "all"]))
      .addOption(new Option("-t, --timeout <seconds>", "seconds to wait for a container to stop").default("10"))
      .option("--remove-orphans", "accepted for compose compatibility: down always removes every container of the project")
      .option("--dry-run", "print what would be removed and remove nothing")
      .option("-q, --quiet", "no progress output");
    addTargetOption(command);
    addProjectOptions(command).action(async (raw: Record<string, unknown>) => {
      context.setExitCode(await runDown(raw, context.io));
    });
  },
};

async function runDown(raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const timeoutSeconds = stopTimeout(raw["timeout"]);
  const session = await openProjectSession(raw, io, { nameSuffices: true });
  // A Swarm manager: remove the stack (docs/swarm.md); --target overrides the detection.
  if ((await deployTarget(raw, () => swarmReader(io.env).role())) === "swarm") {
    const [{ runSwarmDown }, { swarmPort }] = await Promise.all([import("./swarm-down.js"), import("../../swarm/swarm-writer.js")]);
    return runSwarmDown(session.project.name, swarmPort(io.env), raw, io);
  }
  const { project } = session;
  const dryRun = raw["dryRun"] === true;
  // A dry run takes the stack down on an engine that only reads: the same selection, no change.
  const engine = dryRun ? dryRunEngine(session.engine).engine : session.engine;
  const view = createProgressView({ sink: io.stdout, live: false, quiet: raw["quiet"] === true || dryRun });
  // The lock and the wait every run that changes the project takes (src/runs/run-lock.ts); a dry
  // run changes nothing and takes none, as `up --dry-run`.
  const lock = dryRun
    ? undefined
    : await takeRunLock({
        stateDir: projectStateDir(project.name, io.env),
        signal: io.signal,
        onWait: (holder) => io.stderr.write(`waiting for another berth (${holder}) working on ${project.name}\n`),
      });
  try {
    const removeImages = raw["rmi"] === "local" || raw["rmi"] === "all" ? raw["rmi"] : undefined;
    const result = await takeDown({
      engine,
      project,
      volumes: raw["volumes"] === true,
      timeoutSeconds,
      onProgress: view.onProgress,
      ...(removeImages ? { removeImages } : {}),
    });
    if (dryRun) {
      io.stdout.write(dryRunSummary(project.name, result));
      return 0;
    }
    // `berth history` records a down that removed something, beside the deployments.
    const removed = result.containers.length + result.networks.length + result.volumes.length + result.images.length;
    if (removed > 0) await recordEvent(projectStateDir(project.name, io.env), { project: project.name, command: "down", ok: true, note: downNote(result) });
    if (raw["quiet"] !== true) io.stdout.write(summary(project.name, result));
    return 0;
  } finally {
    await lock?.release();
  }
}

/** What a `down` removed, as `berth history` says it: counts per kind. */
export function downNote(result: DownResult): string {
  const counts = (["containers", "networks", "volumes", "images"] as const).filter((kind) => result[kind].length > 0).map((kind) => `${result[kind].length} ${result[kind].length === 1 ? kind.slice(0, -1) : kind}`);
  return `removed ${counts.join(", ")}`;
}

/** Everything `down` would remove, one per line, grouped as `down` removes it. */
export function dryRunSummary(project: string, result: DownResult): string {
  const groups: [string, readonly string[]][] = [
    ["container", result.containers],
    ["network", result.networks],
    ["volume", result.volumes],
    ["image", result.images],
  ];
  const lines = groups.flatMap(([kind, names]) => names.map((name) => `would remove ${kind} ${name}\n`));
  return `${lines.join("")}${project}: dry run, nothing removed (${lines.length} object(s) would be)\n`;
}

function summary(project: string, result: DownResult): string {
  const parts = [
    `${result.containers.length} container(s)`,
    `${result.networks.length} network(s)`,
    `${result.volumes.length} volume(s)`,
    ...(result.images.length > 0 ? [`${result.images.length} image(s)`] : []),
  ];
  return `${project}: removed ${parts.join(", ")}\n`;
}
