import { createHash } from "node:crypto";
import type { Stats } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** What is remembered of a file whose content was hashed: enough to tell it has not changed. */
interface CachedFile {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  readonly sha256: string;
}

/** A file changed this recently may change again within its mtime's resolution: never cached. */
const racyMs = 2000;
let saves = 0;

/**
 * The sha256 of each file's content, remembered by (path, size, mtime, inode) in a JSON file, so
 * that `up` with nothing to build does not read a large build context again (200 MB: about 8 s
 * read and hashed, under 2 s walked and stat'ed). A file is read again whenever any of the four
 * differs, or when it was modified in the last two seconds.
 */
export class DigestCache {
  private entries: Map<string, CachedFile> | undefined;
  private loading: Promise<Map<string, CachedFile>> | undefined;
  private changed = false;

  constructor(
    private readonly file: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The content's sha256, from the cache when the file is as it was. */
  async contentHash(path: string, stats: Stats): Promise<string> {
    const entries = await this.load();
    const hit = entries.get(path);
    if (hit && hit.size === stats.size && hit.mtimeMs === stats.mtimeMs && hit.ino === stats.ino) return hit.sha256;
    const sha256 = hashOf(await readFile(path));
    if (stats.mtimeMs < this.now() - racyMs) entries.set(path, { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino, sha256 });
    else entries.delete(path);
    this.changed = true;
    return sha256;
  }

  /** Writes the cache when it changed, without the entries under `root` this walk did not see (deleted files). */
  async save(root: string, seen: ReadonlySet<string>): Promise<void> {
    const entries = await this.load();
    for (const path of [...entries.keys()]) {
      if (path.startsWith(`${root}/`) && !seen.has(path)) {
        entries.delete(path);
        this.changed = true;
      }
    }
    if (!this.changed) return;
    this.changed = false;
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.${++saves}.tmp`;
    await writeFile(temporary, JSON.stringify(Object.fromEntries(entries)), { mode: 0o600 });
    await rename(temporary, this.file);
  }

  private load(): Promise<Map<string, CachedFile>> {
    if (this.entries) return Promise.resolve(this.entries);
    this.loading ??= readFile(this.file, "utf8")
      .then((text) => new Map(Object.entries(JSON.parse(text) as Record<string, CachedFile>)))
      .catch(() => new Map<string, CachedFile>())
      .then((entries) => (this.entries = entries));
    return this.loading;
  }
}

export function hashOf(content: Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}
