import * as dockerignore from "@balena/dockerignore";
import { posix } from "node:path";
import type { FileTree } from "../files/file-tree.js";

type IgnoreFactory = typeof dockerignore.default.default;
// The package is CommonJS typed as an ES default export: Node hands us the factory as `default`,
// TypeScript expects it one level deeper. Accept both.
const createIgnore = ((dockerignore.default as { default?: IgnoreFactory }).default ?? dockerignore.default) as IgnoreFactory;

/** The `.dockerignore` that applies to one build, with Docker's matching semantics. */
export interface DockerIgnore {
  /** Absolute path of the ignore file in effect, or undefined when the build has none. */
  readonly file: string | undefined;
  readonly patterns: readonly string[];
  /** Whether a context-relative path (posix, no leading `./`) is left out of the build context. */
  ignores(path: string): boolean;
}

/**
 * Finds the ignore file BuildKit uses: `<Dockerfile>.dockerignore` next to the Dockerfile wins over
 * `<context>/.dockerignore`.
 */
export function loadDockerIgnore(files: FileTree, contextDir: string, dockerfilePath: string): DockerIgnore {
  const candidates = [`${dockerfilePath}.dockerignore`, posix.join(contextDir, ".dockerignore")];
  const file = candidates.find((candidate) => files.readText(candidate) !== undefined);
  // A malformed pattern (`[` alone) makes the matcher throw on every path; Docker refuses such a
  // file when it sends the context. It is left out of matching so rules never crash on it.
  const patterns = (file === undefined ? [] : parsePatterns(files.readText(file) ?? "")).filter(wellFormed);
  const matcher = createIgnore().add(patterns);
  return { file, patterns, ignores: (path) => path !== "" && path !== "." && matcher.ignores(normalizeRelative(path)) };
}

const parsePatterns = (text: string) =>
  text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#"));

const normalizeRelative = (path: string) => posix.normalize(path).replace(/^(\.\/)+/, "").replace(/^\/+/, "").replace(/\/$/, "");

function wellFormed(pattern: string): boolean {
  try {
    createIgnore().add([pattern]).ignores("probe");
    return true;
  } catch {
    return false;
  }
}
