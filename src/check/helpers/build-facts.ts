import { posix } from "node:path";
import type { BuildView, CheckContext, ServiceView } from "../context.js";
import type { FileTree } from "../files/file-tree.js";
import type { DockerInstruction, DockerStage } from "../sources/dockerfile.js";

/** A COPY or ADD that reads from the build context (not `--from` another stage or image). */
export interface ContextCopy {
  readonly instruction: DockerInstruction;
  readonly sources: readonly string[];
  readonly dest: string;
}

const isRemoteSource = (source: string) => /^(https?:|git@)/.test(source);

/** COPY/ADD instructions of a stage that take files from the build context. */
export function contextCopies(stage: DockerStage): ContextCopy[] {
  return stage.instructions
    .filter((instruction) => (instruction.keyword === "COPY" || instruction.keyword === "ADD") && instruction.flags["from"] === undefined && !instruction.text.includes("<<"))
    .map((instruction) => ({ instruction, sources: instruction.args.slice(0, -1).filter((source) => !isRemoteSource(source)), dest: instruction.args.at(-1) ?? "" }));
}

/** `COPY . .` and friends: the whole context goes into the image. */
export const isWholesaleCopy = (copy: ContextCopy): boolean => copy.sources.some((source) => /^\.\/?$/.test(source) || source === "*");

/** A `COPY . .` and the top-level context entries it sends that `.dockerignore` lets through. */
export interface WholesaleCopyLeak {
  readonly view: ServiceView;
  readonly copy: ContextCopy;
  readonly names: readonly string[];
}

/** For each locally built service whose Dockerfile copies the whole context: the entries that match. */
export function wholesaleCopyLeaks(context: CheckContext, matches: (name: string) => boolean): WholesaleCopyLeak[] {
  return context.services.flatMap((view) => {
    const build = view.build;
    if (!build?.stage || build.remote) return [];
    const copy = build.dockerfile?.stages.flatMap(contextCopies).find(isWholesaleCopy);
    if (!copy) return [];
    const names = context.files.list(build.contextDir).filter((name) => matches(name) && !build.ignore.ignores(name));
    return names.length === 0 ? [] : [{ view, copy, names }];
  });
}

export const contextRelative = (source: string): string => posix.normalize(source).replace(/^(\.\/)+/, "").replace(/^\/+/, "").replace(/\/$/, "") || ".";

/**
 * Whether a COPY source matches something in the context after `.dockerignore`. Globs in the last
 * segment are matched against the directory listing; deeper globs are assumed to match.
 */
export function contextMatches(files: FileTree, build: BuildView, source: string): boolean {
  const relative = contextRelative(source);
  if (relative === ".") return true;
  if (/[*?[]/.test(posix.dirname(relative))) return true;
  const base = posix.basename(relative);
  const dir = posix.dirname(relative);
  if (!/[*?[]/.test(base)) return files.exists(posix.join(build.contextDir, relative)) && !build.ignore.ignores(relative);
  const pattern = globToRegExp(base);
  // A malformed glob fails the build with its own message; nothing to judge here.
  if (pattern === undefined) return true;
  return files.list(posix.join(build.contextDir, dir)).some((name) => pattern.test(name) && !build.ignore.ignores(posix.join(dir, name)));
}

/**
 * A COPY source glob as Go's filepath.Match reads it (`*`, `?`, `[a-z]`, `[^a]`, `\\x`), or
 * undefined when it is malformed (an unclosed or reversed class), as Go reports ErrBadPattern.
 */
export function globToRegExp(glob: string): RegExp | undefined {
  let body = "";
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index]!;
    if (char === "*") body += "[^/]*";
    else if (char === "?") body += "[^/]";
    else if (char === "\\") {
      const next = glob[++index];
      if (next === undefined) return undefined;
      body += escapeRegExp(next);
    } else if (char === "[") {
      const end = glob.indexOf("]", index + 2);
      if (end < 0) return undefined;
      const inside = glob.slice(index + 1, end);
      const negated = inside.startsWith("^");
      const ranges = negated ? inside.slice(1) : inside;
      if (ranges === "" || !validRanges(ranges)) return undefined;
      body += `[${negated ? "^" : ""}${ranges.replace(/[\\\]^]/g, "\\$&")}]`;
      index = end;
    } else body += escapeRegExp(char);
  }
  return new RegExp(`^${body}$`);
}

function validRanges(ranges: string): boolean {
  for (let index = 0; index < ranges.length; index++) {
    if (ranges[index + 1] !== "-" || index + 2 >= ranges.length) continue;
    if (ranges.charCodeAt(index) > ranges.charCodeAt(index + 2)) return false;
    index += 2;
  }
  return true;
}

/** Text from a user's files, made literal inside a RegExp. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/** Whether the source contains a variable the rule cannot resolve statically. */
export const hasVariable = (text: string): boolean => text.includes("$");

/** The effective USER of a stage (its own last USER, else inherited through earlier stages). */
export function effectiveUser(chain: readonly DockerStage[]): string | undefined {
  for (const stage of chain) {
    const user = stage.instructions.filter((instruction) => instruction.keyword === "USER").at(-1);
    if (user) return user.args[0];
  }
  return undefined;
}

export const isRootUser = (user: string | undefined): boolean => user === undefined || /^(root|0)(:.*)?$/.test(user);

/** RUN command text of a stage, one string per RUN. */
export const runCommands = (stage: DockerStage): DockerInstruction[] => stage.instructions.filter((instruction) => instruction.keyword === "RUN");

/** The WORKDIR in effect at an instruction (absolute; "/" when none). */
export function workdirAt(chain: readonly DockerStage[], instruction: DockerInstruction | undefined): string {
  let dir = "/";
  for (const stage of [...chain].reverse()) {
    for (const candidate of stage.instructions) {
      if (candidate === instruction) return dir;
      if (candidate.keyword === "WORKDIR") dir = posix.resolve(dir, candidate.args[0] ?? "/");
    }
  }
  return dir;
}
