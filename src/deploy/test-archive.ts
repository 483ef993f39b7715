import { Readable } from "node:stream";
import { extract } from "tar-stream";

/** One file of a tar archive, as tests compare it. */
export interface ArchiveEntry {
  readonly name: string;
  readonly mode: number | undefined;
  readonly uid: number | undefined;
  readonly gid: number | undefined;
  readonly type: string | undefined;
  readonly content: string;
}

/** The entries of a tar archive (what `copyFilesInto` sent), for tests. */
export async function archiveEntries(archive: Buffer): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
      stream.on("end", () => {
        entries.push({ name: header.name, mode: header.mode, uid: header.uid, gid: header.gid, type: header.type, content: Buffer.concat(chunks).toString() });
        next();
      });
    });
    reader.on("finish", resolve);
    reader.on("error", reject);
  });
  Readable.from([archive]).pipe(reader);
  await done;
  return entries;
}
