import { createHash } from "node:crypto";
import { lstat, readFile, readlink } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { createBuildContext } from "./build-context.js";

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
 * (the same walk `docker build` sends), each file's mode and content, symlink targets, the
 * Dockerfile, the build args and the target. Two builds with the same digest are built from the
 * same inputs; a changed digest means the image on the engine is stale.
 */
export async function contextDigest(input: DigestInput): Promise<string> {
  const root = resolve(input.context);
  const built = await createBuildContext(root, input.dockerfile);
  built.tar.destroy();
  const hash = createHash("sha256");
  for (const entry of built.entries) {
    hash.update(`path ${entry}\0`);
    if (entry.endsWith("/")) continue;
    const absolute = join(root, entry);
    const stats = await lstat(absolute);
    hash.update(`mode ${stats.mode & 0o7777}\0`);
    hash.update(stats.isSymbolicLink() ? `link ${await readlink(absolute)}` : await readFile(absolute));
    hash.update("\0");
  }
  const dockerfile = input.dockerfile ?? "Dockerfile";
  hash.update(`dockerfile ${dockerfile}\0`);
  hash.update(await readFile(isAbsolute(dockerfile) ? dockerfile : join(root, dockerfile)));
  for (const [key, value] of Object.entries(input.args ?? {}).sort(([a], [b]) => a.localeCompare(b))) hash.update(`\0arg ${key}=${value}`);
  hash.update(`\0target ${input.target ?? ""}`);
  return `sha256:${hash.digest("hex")}`;
}
