import { createReadStream } from "node:fs";
import { lstat, readdir, readlink, stat } from "node:fs/promises";
import { join, posix } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pack, type Pack } from "tar-stream";

export interface PackOptions {
  /** The name the path's top entry gets in the archive; "" puts a folder's contents at the top. */
  readonly top: string;
  /** `-L`: when the path itself is a symlink, pack what it points at (links inside stay links). */
  readonly followLink?: boolean;
}

/**
 * A local file or folder as a tar stream for `PUT /containers/{id}/archive`: files, folders and
 * symlinks with their modes and times, owned by root (`docker cp -a` hands them to the
 * container's user instead, through the engine). Other kinds of file (sockets, devices) are left
 * out, as they cannot be copied into a container. The stream errors when reading a file fails.
 */
export function packLocalPath(path: string, options: PackOptions): Readable {
  const archive = pack();
  addTree(archive, path, options)
    .then(() => archive.finalize())
    .catch((error: unknown) => archive.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.from(archive);
}

async function addTree(archive: Pack, path: string, options: PackOptions): Promise<void> {
  const top = options.followLink === true ? await stat(path) : await lstat(path);
  if (options.top === "" && top.isDirectory()) {
    for (const child of await sortedChildren(path)) await addEntry(archive, join(path, child), child);
    return;
  }
  await addEntry(archive, path, options.top, top);
}

async function addEntry(archive: Pack, path: string, name: string, known?: Awaited<ReturnType<typeof lstat>>): Promise<void> {
  const info = known ?? (await lstat(path));
  const header = { name, mode: Number(info.mode) & 0o7777, mtime: info.mtime, uid: 0, gid: 0 };
  if (info.isSymbolicLink()) {
    archive.entry({ ...header, type: "symlink", linkname: await readlink(path) });
  } else if (info.isDirectory()) {
    archive.entry({ ...header, type: "directory" });
    for (const child of await sortedChildren(path)) await addEntry(archive, join(path, child), posix.join(name, child));
  } else if (info.isFile()) {
    await pipeline(createReadStream(path), archive.entry({ ...header, type: "file", size: Number(info.size) }));
  }
}

async function sortedChildren(path: string): Promise<string[]> {
  return (await readdir(path)).sort();
}
