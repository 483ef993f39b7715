import { lstat, stat } from "node:fs/promises";
import { posix, resolve } from "node:path";
import { EngineError, OperationFailed } from "../../common/errors.js";
import { extractArchive, type ExtractResult } from "../../engine/copy-extract.js";
import { packLocalPath } from "../../engine/copy-pack.js";
import { archiveTop, placeCopy, type CopyDestination, type CopyPlacement, type CopySource } from "../../engine/copy-place.js";
import type { ContainerPathStat, Engine } from "../../engine/engine.js";
import type { CpArguments } from "./cp-args.js";
import type { CpTarget } from "./cp-targets.js";

export interface CpFlags {
  /** `-a`: owners as at the source (out: the archive's; in: the container's user). */
  readonly archive: boolean;
  /** `-L`: follow the source path when it is a symlink. */
  readonly followLink: boolean;
}

const failed = (message: string, hint: string): OperationFailed => new OperationFailed("cli.cp-failed", message, { hint });

/** `SERVICE:SRC DEST`: the path out of the container into a local file or folder. */
export async function copyOut(engine: Engine, target: CpTarget, args: CpArguments, flags: CpFlags, cwd: string): Promise<ExtractResult> {
  const { path, info } = await containerSource(engine, target, args, flags.followLink);
  const localPath = resolve(cwd, args.localPath) + (/\/\.?$/.test(args.localPath) ? "/" : "");
  const placement = place({ path: args.containerPath, isDir: info.isDir }, await localDestination(localPath), `${args.localPath}`);
  const folder = await stat(placement.dir).catch(() => undefined);
  if (!folder?.isDirectory()) throw failed(`the local folder ${placement.dir} does not exist`, `create it first (mkdir -p ${placement.dir})`);
  const archive = await engine.copyFromContainer(target.id, path === "/" ? "/." : path);
  try {
    return await extractArchive(archive, placement.dir, { from: archiveTop(path === "/" ? "/." : path), to: placement.top, keepOwners: flags.archive });
  } catch (error) {
    throw failed(`copying ${target.name}:${args.containerPath} to ${args.localPath}: ${(error as Error).message}`, "nothing outside the destination was written; fix the cause and copy again");
  }
}

/** `SRC SERVICE:DEST`: a local file or folder into the container. */
export async function copyIn(engine: Engine, target: CpTarget, args: CpArguments, flags: CpFlags, cwd: string): Promise<void> {
  const localPath = resolve(cwd, args.localPath);
  const local = await (flags.followLink ? stat(localPath) : lstat(localPath)).catch(() => undefined);
  if (!local) throw failed(`no such local file or folder: ${args.localPath}`, `check the path (relative to ${cwd})`);
  const destination = await containerDestination(engine, target, args.containerPath);
  const placement = place({ path: args.localPath, isDir: local.isDirectory() }, destination, `${target.name}:${args.containerPath}`);
  if ((await engine.statContainerPath(target.id, placement.dir))?.isDir !== true) {
    throw failed(`${target.name}: no such folder ${placement.dir} inside the container`, `create it (berth exec ${args.service} mkdir -p ${placement.dir}) or copy to a folder that exists`);
  }
  const archive = packLocalPath(localPath, { top: placement.top, followLink: flags.followLink });
  try {
    await engine.copyToContainer(target.id, archive, placement.dir, { containerUserOwns: flags.archive });
  } catch (error) {
    if (!(error instanceof EngineError) || error.code === "engine.unreachable") throw error;
    const why = flags.archive ? "; with -a the engine must find the container's user in its /etc/passwd: copy without -a" : "";
    throw failed(`${target.name}: the engine refused to copy ${args.localPath} to ${placement.dir}: ${error.message}`, `check the folder's permissions and free space${why}`);
  }
}

/** The source inside the container, through its symlink with `-L`; a missing path names itself. */
async function containerSource(engine: Engine, target: CpTarget, args: CpArguments, followLink: boolean): Promise<{ path: string; info: ContainerPathStat }> {
  const given = args.containerPath;
  const info = await engine.statContainerPath(target.id, given);
  if (!info) throw failed(`${target.name}: no such file or folder ${given} inside the container`, `berth exec ${args.service} ls -la ${posix.dirname(given.replace(/\/+$/, ""))} lists what is there`);
  if (!followLink || !info.isSymlink) return { path: given, info };
  const path = posix.resolve(posix.dirname(given.replace(/\/+$/, "")), info.linkTarget);
  const linked = await engine.statContainerPath(target.id, path);
  if (!linked) throw failed(`${target.name}: ${given} is a symlink to ${info.linkTarget}, which does not exist`, "copy the link itself without -L");
  return { path, info: linked };
}

/** The destination inside the container; a symlink there is followed, as docker cp does. */
async function containerDestination(engine: Engine, target: CpTarget, given: string): Promise<CopyDestination> {
  const info = await engine.statContainerPath(target.id, given);
  if (info?.isSymlink === true) {
    const linked = posix.resolve(posix.dirname(given.replace(/\/+$/, "")), info.linkTarget);
    const through = await engine.statContainerPath(target.id, linked);
    return { path: through ? linked : given, exists: through !== undefined, isDir: through?.isDir === true };
  }
  return { path: given, exists: info !== undefined, isDir: info?.isDir === true };
}

async function localDestination(path: string): Promise<CopyDestination> {
  const info = await stat(path).catch(() => undefined);
  return { path, exists: info !== undefined, isDir: info?.isDirectory() === true };
}

function place(source: CopySource, destination: CopyDestination, shown: string): CopyPlacement {
  try {
    return placeCopy(source, destination);
  } catch (error) {
    throw failed(`cannot copy to ${shown}: ${(error as Error).message}`, "name a folder that exists, or a new file or folder in one");
  }
}
