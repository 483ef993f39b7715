import { posix } from "node:path";
import type { BuildView } from "../context.js";
import type { FileTree } from "../files/file-tree.js";
import type { DockerStage } from "../sources/dockerfile.js";
import { contextCopies, contextMatches, contextRelative, workdirAt } from "./build-facts.js";

/** How a path inside the image comes to be there. */
export type Provenance = { readonly kind: "context"; readonly source: string } | { readonly kind: "missing" } | { readonly kind: "unknown" };

const buildStep = /\b(build|tsc|webpack|esbuild|compile|vite|next|nest|rollup|swc|babel|make|go\s+build|cargo|mvn|gradle|pip\s+install\s+\.|git\s+clone|curl|wget|unzip|tar)\b/;

/**
 * Traces a path inside the final image back to the build context through the COPYs of the stage
 * chain. "unknown" when a build step or another stage could have produced it.
 */
export function traceImagePath(files: FileTree, build: BuildView, chain: readonly DockerStage[], path: string): Provenance {
  for (const stage of chain) {
    for (const copy of [...contextCopies(stage)].reverse()) {
      const dest = posix.resolve(workdirAt(chain, copy.instruction), copy.dest);
      for (const source of copy.sources) {
        const candidate = candidateSource(files, build, source, dest, copy.dest.endsWith("/") || copy.sources.length > 1, path);
        if (candidate !== undefined && contextMatches(files, build, candidate)) return { kind: "context", source: candidate };
      }
    }
  }
  const producedElsewhere = chain.some((stage) => stage.instructions.some((instruction) =>
    (instruction.keyword === "RUN" && buildStep.test(instruction.text)) || (instruction.keyword === "COPY" && instruction.flags["from"] !== undefined) || (instruction.keyword === "ADD" && /https?:/.test(instruction.text))));
  const baseProvides = chain.at(-1) !== undefined && !path.startsWith(workdirAt(chain, undefined)) && path.startsWith("/usr");
  return producedElsewhere || baseProvides ? { kind: "unknown" } : { kind: "missing" };
}

function candidateSource(files: FileTree, build: BuildView, source: string, dest: string, destIsDir: boolean, path: string): string | undefined {
  const relative = contextRelative(source);
  const isDirectory = relative === "." || files.isDirectory(posix.join(build.contextDir, relative));
  if (isDirectory && (path === dest || path.startsWith(`${dest}/`))) return posix.join(relative, posix.relative(dest, path)) || ".";
  if (!isDirectory && destIsDir && path === posix.join(dest, posix.basename(relative))) return relative;
  if (!isDirectory && !destIsDir && path === dest) return relative;
  return undefined;
}

/**
 * The host file a CMD/ENTRYPOINT program comes from, matched by the name it has in the image
 * (programs are often called by bare name through PATH, e.g. `/usr/local/bin/entrypoint.sh`).
 */
export function copiedProgram(files: FileTree, build: BuildView, chain: readonly DockerStage[], program: string): string | undefined {
  const name = posix.basename(program);
  for (const stage of chain) {
    for (const copy of contextCopies(stage)) {
      const destIsDir = copy.dest.endsWith("/") || copy.sources.length > 1;
      for (const source of copy.sources) {
        const relative = contextRelative(source);
        const inImage = destIsDir ? posix.basename(relative) : posix.basename(copy.dest);
        if (inImage === name && files.exists(posix.join(build.contextDir, relative))) return posix.join(build.contextDir, relative);
        if (files.isDirectory(posix.join(build.contextDir, relative)) && files.exists(posix.join(build.contextDir, relative, name))) return posix.join(build.contextDir, relative, name);
      }
    }
  }
  return undefined;
}
