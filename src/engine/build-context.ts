import * as dockerignore from "@balena/dockerignore";
import { createHash } from "node:crypto";
import { createReadStream, type Stats } from "node:fs";
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import { isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pack as createPack, type Header, type Pack } from "tar-stream";
import { EngineError } from "../common/errors.js";

type IgnoreFactory = typeof dockerignore.default.default;
// The package is CommonJS typed as an ES default export: Node hands us the factory as `default`,
// TypeScript expects it one level deeper. Accept both.
const createIgnore = ((dockerignore.default as { default?: IgnoreFactory }).default ??
  dockerignore.default) as IgnoreFactory;

/** A build context ready to send: a tar stream and where the Dockerfile is inside it. */
export interface BuildContext {
  readonly tar: Readable;
  /** The Dockerfile's path inside the tar, posix style: what the API's `dockerfile` takes. */
  readonly dockerfile: string;
  /** The context-relative paths that go into the tar (directories end with `/`), sorted. */
  readonly entries: readonly string[];
}

type EntryHeader = Partial<Header> & Pick<Header, "name">;

interface ContextEntry {
  readonly path: string;
  readonly absolute: string;
  readonly stats: Stats;
}

/**
 * Packs a build context the way `docker build` does: every file under `contextDir` except those
 * its `.dockerignore` excludes (Docker's matching rules, `!` exceptions included), owned by root.
 * The Dockerfile and the ignore file always go in, since the builder needs them. A Dockerfile
 * outside the context is added under a generated name, as the docker CLI does.
 * `<Dockerfile>.dockerignore` next to the Dockerfile wins over `<context>/.dockerignore`.
 */
export async function createBuildContext(
  contextDir: string,
  dockerfile = "Dockerfile",
): Promise<BuildContext> {
  const root = resolve(contextDir);
  const dockerfilePath = isAbsolute(dockerfile) ? dockerfile : join(root, dockerfile);
  await mustBeFile(dockerfilePath, `the Dockerfile ${dockerfilePath} does not exist`);
  const { patterns, file: ignoreFile } = await readIgnorePatterns(root, dockerfilePath);
  const inContext = insideContext(root, dockerfilePath);
  const always = new Set([inContext, ignoreFile].filter((path): path is string => path !== undefined));
  const entries = await collectEntries(root, patterns, always).catch((error: unknown) => {
    // A missing or unreadable folder is the user's to fix, not an engine that cannot be reached.
    throw new EngineError("engine.bad-request", `cannot read the build context ${root}: ${(error as Error).message}`, {
      hint: "check build.context; berth must be able to read every file in it (list what the image does not need in .dockerignore)",
      exitCode: 1,
    });
  });
  const outside = inContext === undefined ? await outsideDockerfile(dockerfilePath) : undefined;
  return {
    tar: Readable.from(packEntries(entries, outside)),
    dockerfile: inContext ?? outside?.name ?? "Dockerfile",
    entries: entries.map((entry) => (entry.stats.isDirectory() ? `${entry.path}/` : entry.path)),
  };
}

async function mustBeFile(path: string, message: string): Promise<void> {
  const stats = await lstat(path).catch(() => undefined);
  if (stats?.isFile() !== true && stats?.isSymbolicLink() !== true) {
    throw new EngineError("engine.bad-request", message, {
      hint: "check build.context and build.dockerfile",
      exitCode: 1,
    });
  }
}

async function readIgnorePatterns(
  root: string,
  dockerfilePath: string,
): Promise<{ patterns: string[]; file?: string }> {
  for (const candidate of [`${dockerfilePath}.dockerignore`, join(root, ".dockerignore")]) {
    const text = await readFile(candidate, "utf8").catch(() => undefined);
    if (text !== undefined) return { patterns: parsePatterns(text), ...fileInContext(root, candidate) };
  }
  return { patterns: [] };
}

const fileInContext = (root: string, path: string) => {
  const inside = insideContext(root, path);
  return inside === undefined ? {} : { file: inside };
};

/** Patterns of a `.dockerignore`: one per line, `#` comments and blank lines skipped. */
export function parsePatterns(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

function insideContext(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return undefined;
  return rel.split(sep).join(posix.sep);
}

/**
 * Walks the context depth-first in name order. An excluded directory is skipped whole unless some
 * `!` exception could bring back a file inside it (then its files are matched one by one).
 */
async function collectEntries(
  root: string,
  patterns: readonly string[],
  always: ReadonlySet<string>,
): Promise<ContextEntry[]> {
  const matcher = createIgnore().add([...patterns]);
  const hasExceptions = patterns.some((pattern) => pattern.startsWith("!"));
  const entries: ContextEntry[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const path = prefix === "" ? name : `${prefix}/${name}`;
      const absolute = join(dir, name);
      const stats = await lstat(absolute);
      const ignored = matcher.ignores(path) && !always.has(path);
      if (!ignored) entries.push({ path, absolute, stats });
      if (stats.isDirectory() && (!ignored || hasExceptions)) await walk(absolute, path);
    }
  };
  await walk(root, "");
  return entries;
}

interface ExtraFile {
  readonly name: string;
  readonly content: Buffer;
}

async function outsideDockerfile(path: string): Promise<ExtraFile> {
  const content = await readFile(path);
  const digest = createHash("sha256").update(content).digest("hex").slice(0, 12);
  return { name: `.berth-dockerfile-${digest}`, content };
}

/** Yields the tar bytes; each file is streamed from disk with back-pressure. */
async function* packEntries(
  entries: readonly ContextEntry[],
  extra: ExtraFile | undefined,
): AsyncGenerator<Buffer> {
  const tar = createPack();
  const writing = writeEntries(tar, entries, extra).catch((error: unknown) => tar.destroy(error as Error));
  for await (const chunk of tar as AsyncIterable<Buffer>) yield chunk;
  await writing;
}

async function writeEntries(
  tar: Pack,
  entries: readonly ContextEntry[],
  extra: ExtraFile | undefined,
): Promise<void> {
  for (const entry of entries) await writeEntry(tar, entry);
  if (extra !== undefined)
    await writeBuffer(
      tar,
      { name: extra.name, mode: 0o644, uid: 0, gid: 0, mtime: new Date() },
      extra.content,
    );
  tar.finalize();
}

async function writeEntry(tar: Pack, entry: ContextEntry): Promise<void> {
  // Owned by root, like the docker CLI's contexts: COPY without --chown gives root-owned files.
  const header: EntryHeader = {
    name: entry.path,
    mode: entry.stats.mode & 0o7777,
    uid: 0,
    gid: 0,
    mtime: entry.stats.mtime,
  };
  if (entry.stats.isDirectory()) return writeBuffer(tar, { ...header, type: "directory" }, Buffer.alloc(0));
  if (entry.stats.isSymbolicLink())
    return writeBuffer(
      tar,
      { ...header, type: "symlink", linkname: await readlink(entry.absolute) },
      Buffer.alloc(0),
    );
  if (!entry.stats.isFile()) return; // sockets, fifos, devices: docker skips them too
  await pipeline(
    createReadStream(entry.absolute),
    tar.entry({ ...header, type: "file", size: entry.stats.size }),
  );
}

function writeBuffer(tar: Pack, header: EntryHeader, content: Buffer): Promise<void> {
  return new Promise((done, fail) => {
    tar.entry(header, content, (error) => (error ? fail(error) : done()));
  });
}
