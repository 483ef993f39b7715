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
  return files.list(posix.join(build.contextDir, dir)).some((name) => pattern.test(name) && !build.ignore.ignores(posix.join(dir, name)));
}

export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]");
  return new RegExp(`^${body}$`);
}

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
