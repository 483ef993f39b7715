import { createWriteStream } from "node:fs";
import { chmod, lchown, lstat, mkdir, symlink, unlink, utimes } from "node:fs/promises";
import { join, posix } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { extract, type Header } from "tar-stream";
import { renameEntry } from "./copy-place.js";

export interface ExtractOptions {
  /** The archive's top entry (`conf.d`, `.`) and the name it gets in `dir` ("" = its contents straight in). */
  readonly from: string;
  readonly to: string;
  /** `-a`: give each file the owner its header names (needs root); otherwise the files are the caller's. */
  readonly keepOwners?: boolean;
}

export interface ExtractResult {
  readonly files: number;
  readonly bytes: number;
}

/**
 * Writes a tar stream from `GET /containers/{id}/archive` into the local folder `dir`: files,
 * folders and symlinks with their modes and times. An entry that would land outside `dir` or
 * beneath a symlink is refused (an archive cannot write through a link it brought).
 */
export async function extractArchive(archive: NodeJS.ReadableStream, dir: string, options: ExtractOptions): Promise<ExtractResult> {
  const reader = extract();
  const folders: { path: string; mtime: Date | undefined }[] = [];
  let files = 0;
  let bytes = 0;
  const source = archive instanceof Readable ? archive : Readable.from(archive as AsyncIterable<Buffer>);
  const piping = pipeline(source, reader);
  try {
    for await (const entry of reader) {
      const written = await writeEntry(entry, dir, options, folders);
      files += written.files;
      bytes += written.bytes;
    }
  } catch (error) {
    reader.destroy();
    await piping.catch(() => undefined);
    throw error;
  }
  await piping;
  for (const folder of folders.reverse()) if (folder.mtime) await utimes(folder.path, folder.mtime, folder.mtime);
  return { files, bytes };
}

type Entry = ReturnType<typeof extract> extends AsyncIterable<infer S> ? S : never;

/** One entry on disk; how many files and bytes it added. */
async function writeEntry(entry: Entry, dir: string, options: ExtractOptions, folders: { path: string; mtime: Date | undefined }[]): Promise<ExtractResult> {
  const header = entry.header;
  const name = renameEntry(header.name, options.from, options.to);
  const kind = header.type ?? "file";
  if (name === undefined || !["directory", "symlink", "file", "contiguous-file"].includes(kind)) {
    entry.resume();
    return { files: 0, bytes: 0 };
  }
  const target = await safeTarget(dir, name);
  if (kind === "directory") {
    await mkdir(target, { recursive: true });
    folders.push({ path: target, mtime: header.mtime });
  } else {
    await replaceable(target);
    if (kind === "symlink") await symlink(header.linkname ?? "", target);
    else await pipeline(entry, createWriteStream(target, { mode: 0o600 }));
  }
  entry.resume();
  await settle(target, header, options.keepOwners === true);
  const isFile = kind === "file" || kind === "contiguous-file";
  if (isFile && header.mtime) await utimes(target, header.mtime, header.mtime);
  return isFile ? { files: 1, bytes: header.size ?? 0 } : { files: 0, bytes: 0 };
}

/** The local path of an entry, refused when it leaves `dir` or passes through a symlink. */
async function safeTarget(dir: string, name: string): Promise<string> {
  const normal = posix.normalize(name);
  if (posix.isAbsolute(normal) || normal === ".." || normal.startsWith("../")) throw new Error(`the archive's entry ${name} points outside ${dir}`);
  let path = dir;
  for (const part of normal.split("/").slice(0, -1)) {
    path = join(path, part);
    const info = await lstat(path).catch(() => undefined);
    if (info?.isSymbolicLink()) throw new Error(`the archive's entry ${name} lies beneath the symlink ${path}`);
  }
  return join(dir, normal);
}

/** A file or link may replace a file or link, never a folder. */
async function replaceable(target: string): Promise<void> {
  const info = await lstat(target).catch(() => undefined);
  if (!info) return;
  if (info.isDirectory()) throw new Error(`cannot replace the folder ${target} with a file`);
  await unlink(target);
}

async function settle(target: string, header: Header, keepOwners: boolean): Promise<void> {
  if (header.type !== "symlink") await chmod(target, (header.mode ?? 0o644) & 0o7777);
  if (!keepOwners) return;
  try {
    await lchown(target, header.uid ?? 0, header.gid ?? 0);
  } catch (error) {
    throw new Error(`-a cannot give ${target} the owner ${header.uid ?? 0}:${header.gid ?? 0} (${(error as NodeJS.ErrnoException).code ?? String(error)}); run as root or copy without -a`);
  }
}
