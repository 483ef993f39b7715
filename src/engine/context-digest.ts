import { createHash } from "node:crypto";
import { lstat, readFile, readlink } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { DigestCache, hashOf } from "./digest-cache.js";

let cache: DigestCache | undefined;

/**
 * Remember file hashes in this file from now on (the CLI points it into the project's state
 * folder), so a digest reads only the files that changed since the last one.
 */
export function cacheDigestsIn(file: string | undefined): void {
  cache = file === undefined ? undefined : new DigestCache(file);
}

/** The image label recording what an image was built from (see `contextDigest`). */
export const buildDigestLabel = "io.berth.build-digest";

export interface DigestInput {
  readonly context: string;
  readonly dockerfile?: string;
  readonly args?: Readonly<Record<string, string>>;
  readonly target?: string;
}

/**
 * What an image is built from, as one sha256: every path of the `.dockerignore`-filtered context
 * (the same walk `docker build` sends), each file's mode and the sha256 of its content (cached by
 * path, size, mtime and inode when `cacheDigestsIn` was called), symlink targets, the
 * Dockerfile, the build args and the target. Two builds with the same digest are built from the
 * same inputs; a changed digest means the image on the engine is stale.
 */
export async function contextDigest(input: DigestInput): Promise<string> {
  const root = resolve(input.context);
  // Loaded on first use (tar-stream, @balena/dockerignore): an up with nothing to build never needs it.
  const { createBuildContext } = await import("./build-context.js");
  const built = await createBuildContext(root, input.dockerfile);
  built.tar.destroy();
  const hash = createHash("sha256");
  const seen = new Set<string>();
  for (const entry of built.entries) {
    hash.update(`path ${entry}\0`);
    if (entry.endsWith("/")) continue;
    const absolute = join(root, entry);
    const stats = await lstat(absolute);
    hash.update(`mode ${stats.mode & 0o7777}\0`);
    seen.add(absolute);
    hash.update(stats.isSymbolicLink() ? `link ${await readlink(absolute)}` : `sha256 ${cache ? await cache.contentHash(absolute, stats) : hashOf(await readFile(absolute))}`);
    hash.update("\0");
  }
  await cache?.save(root, seen).catch(() => undefined);
  const dockerfile = input.dockerfile ?? "Dockerfile";
  hash.update(`dockerfile ${dockerfile}\0`);
  hash.update(await readFile(isAbsolute(dockerfile) ? dockerfile : join(root, dockerfile)));
  for (const [key, value] of Object.entries(input.args ?? {}).sort(([a], [b]) => a.localeCompare(b))) hash.update(`\0arg ${key}=${value}`);
  hash.update(`\0target ${input.target ?? ""}`);
  return `sha256:${hash.digest("hex")}`;
}
