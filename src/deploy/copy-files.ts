import type { Engine } from "./engine-port.js";
import type { CopiedFile } from "../plan/mounted-files.js";

/**
 * Copies environment- and content-sourced secrets and configs (from `copiedFilesOf`) into a
 * created, not yet started container.
 */
export async function copyFilesInto(engine: Engine, containerId: string, files: readonly CopiedFile[]): Promise<void> {
  if (files.length === 0) return;
  await engine.copyToContainer(containerId, await filesArchive(files), "/");
}

/**
 * A tar archive of the files to copy into a container, extracted at `/` by the engine: entry
 * names are the targets without their leading slash; owner and mode are in each header (the
 * engine creates missing parent folders).
 */
export async function filesArchive(files: readonly CopiedFile[]): Promise<Buffer> {
  // Loaded on first use: most stacks copy no files, and every `up` would pay for tar-stream.
  const { pack } = await import("tar-stream");
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    archive.on("end", resolve);
    archive.on("error", reject);
  });
  const mtime = new Date();
  for (const file of files) {
    archive.entry({ name: file.target.replace(/^\/+/, ""), size: file.content.length, mode: file.mode, uid: file.uid, gid: file.gid, mtime, type: "file" }, file.content);
  }
  archive.finalize();
  await ended;
  return Buffer.concat(chunks);
}
