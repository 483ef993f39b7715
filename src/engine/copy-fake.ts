import { posix } from "node:path";
import { Readable } from "node:stream";
import { extract, pack } from "tar-stream";
import type { ContainerPathStat } from "./engine.js";

interface FakeNode {
  readonly type: "file" | "directory" | "symlink";
  readonly content: Buffer;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly linkTarget: string;
}

/**
 * The filesystem of a fake container, as the archive endpoints see it: archives copied in are
 * extracted into it, and `stat` and `archive` answer as the engine's HEAD and GET do (for the
 * FakeEngine; tests of `berth cp` run on it).
 */
export class FakeContainerFiles {
  private readonly nodes = new Map<string, FakeNode>([["/", { type: "directory", content: Buffer.alloc(0), mode: 0o755, uid: 0, gid: 0, linkTarget: "" }]]);

  /** Puts the archive's entries under `dir`, as `PUT /containers/{id}/archive` does; `owner` replaces the headers' owners. */
  async extract(archive: Buffer, dir: string, owner?: { uid: number; gid: number }): Promise<void> {
    const base = posix.resolve("/", dir);
    if (this.nodes.get(base)?.type !== "directory") throw new Error(`Could not find the file ${base} in container`);
    for (const entry of await readArchive(archive)) {
      const path = posix.join(base, entry.name);
      for (let parent = posix.dirname(path); !this.nodes.has(parent); parent = posix.dirname(parent)) this.nodes.set(parent, { ...entry, type: "directory", content: Buffer.alloc(0), mode: 0o755 });
      this.nodes.set(path, owner ? { ...entry, ...owner } : entry);
    }
  }

  /** A file a test puts in place (as the image would have it). */
  put(path: string, content: string, mode = 0o644): void {
    const absolute = posix.resolve("/", path);
    for (let parent = posix.dirname(absolute); !this.nodes.has(parent); parent = posix.dirname(parent)) this.nodes.set(parent, { type: "directory", content: Buffer.alloc(0), mode: 0o755, uid: 0, gid: 0, linkTarget: "" });
    this.nodes.set(absolute, { type: "file", content: Buffer.from(content), mode, uid: 0, gid: 0, linkTarget: "" });
  }

  /** A symlink a test puts in place. */
  link(path: string, target: string): void {
    this.nodes.set(posix.resolve("/", path), { type: "symlink", content: Buffer.alloc(0), mode: 0o777, uid: 0, gid: 0, linkTarget: target });
  }

  /** Who owns a path (what `-a` changes). */
  ownerOf(path: string): { uid: number; gid: number } | undefined {
    const node = this.nodes.get(posix.resolve("/", path));
    return node && { uid: node.uid, gid: node.gid };
  }

  stat(path: string): ContainerPathStat | undefined {
    const absolute = posix.resolve("/", path);
    const node = this.nodes.get(absolute);
    if (!node) return undefined;
    return { name: posix.basename(absolute) || "/", size: node.content.length, mode: node.mode, isDir: node.type === "directory", isSymlink: node.type === "symlink", linkTarget: node.linkTarget };
  }

  /** The path and what is under it as a tar archive whose top entry is its last element (`.` for `dir/.`). */
  async archive(path: string): Promise<Buffer | undefined> {
    const absolute = posix.resolve("/", path);
    const node = this.nodes.get(absolute);
    if (!node) return undefined;
    const top = /\/\.$/.test(path) ? "." : posix.basename(absolute);
    const archive = pack();
    for (const [name, entry] of [...this.nodes].filter(([name]) => name === absolute || name.startsWith(`${absolute === "/" ? "" : absolute}/`)).sort(([a], [b]) => a.localeCompare(b))) {
      const inner = posix.relative(absolute, name);
      const relative = top === "." ? `./${inner}` : posix.join(top, inner);
      archive.entry({ name: relative, type: entry.type, mode: entry.mode, uid: entry.uid, gid: entry.gid, linkname: entry.linkTarget, size: entry.content.length }, entry.content);
    }
    archive.finalize();
    return readAll(Readable.from(archive));
  }
}

async function readArchive(archive: Buffer): Promise<(FakeNode & { name: string })[]> {
  const entries: (FakeNode & { name: string })[] = [];
  const reader = extract();
  reader.on("entry", (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
    stream.on("end", () => {
      const type = header.type === "directory" || header.type === "symlink" ? header.type : "file";
      entries.push({ name: header.name, type, content: Buffer.concat(chunks), mode: header.mode ?? 0o644, uid: header.uid ?? 0, gid: header.gid ?? 0, linkTarget: header.linkname ?? "" });
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) => {
    reader.on("finish", resolve);
    reader.on("error", reject);
  });
  Readable.from(archive.length === 0 ? [] : [archive]).pipe(reader);
  await done;
  return entries;
}

/** The owner `copyUIDGID` gives files: the container's `user` when it is numeric (`1000:1000`), else root. */
export function ownerOf(user: string | undefined): { uid: number; gid: number } {
  const [uid, gid] = (user ?? "").split(":").map(Number);
  return { uid: Number.isInteger(uid) ? (uid as number) : 0, gid: Number.isInteger(gid) ? (gid as number) : Number.isInteger(uid) ? (uid as number) : 0 };
}

/** Everything a stream gives, as one buffer. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
