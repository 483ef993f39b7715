import { posix } from "node:path";
import { contextCopies, contextRelative } from "../helpers/build-facts.js";
import { listSourceFiles } from "../helpers/app-files.js";
import type { BuildView } from "../context.js";
import type { FileTree } from "../files/file-tree.js";
import type { DockerStage } from "../sources/dockerfile.js";
import { stageChain } from "../sources/dockerfile.js";
import { defineRule } from "../rule.js";

const importLine = /^(?:from\s+([A-Za-z_]\w*)[\w.]*\s+import\b|import\s+([A-Za-z_]\w*))/;

export const pythonModuleNotInImage = defineRule({
  id: "python-module-not-in-image",
  group: "cross-file",
  severity: "error",
  title: "Python code imports a local module the image does not contain",
  doc: {
    why: "When `server.py` imports `health_check` and `health_check.py` sits in the repository but outside what the Dockerfile copies (or was only ever copied into a running container), every image built from the repository dies at import with `ModuleNotFoundError` and restarts in a loop.",
    example: "COPY app/ ./            # app/server.py: from health_check import HealthChecker\n# health_check.py is in hotfix/, never copied",
    fix: "Move the module next to the code that imports it, or COPY it into the image.",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      if (!build?.dockerfile || !build.stage || build.remote || !/python/.test(view.baseImage ?? "")) continue;
      const chain = stageChain(build.dockerfile, build.stage);
      const copied = copiedSources(context.files, build, chain);
      const copiedDirs = [...new Set(copied.map((entry) => entry.dir))];
      const inImage = (name: string) => copied.some((entry) => entry.names.has(name)) || copiedDirs.some((dir) => provides(context.files, dir, name));
      const localModules = moduleIndex(context.files, build.contextDir);
      for (const dir of copiedDirs) {
        for (const file of context.files.list(dir).filter((name) => name.endsWith(".py")).map((name) => posix.join(dir, name))) {
          const lines = (context.files.readText(file) ?? "").split(/\r?\n/);
          lines.forEach((line, index) => {
            const match = importLine.exec(line);
            const name = match?.[1] ?? match?.[2];
            if (name === undefined || !localModules.has(name) || inImage(name)) return;
            report({ at: { file, line: index + 1, column: 1 }, message: `imports "${name}", which is in the repository (${posix.relative(context.dir, localModules.get(name)!)}) but not in the image`, hint: "move the module next to the code that imports it, or COPY it into the image" });
          });
        }
      }
    }
  },
});

// Each COPY source: the context folder its .py files come from, and the module names the copy
// itself creates (COPY pkg ./pkg puts the folder's contents at ./pkg; COPY x.py ./ creates x).
function copiedSources(files: FileTree, build: BuildView, chain: readonly DockerStage[]): { dir: string; names: Set<string> }[] {
  return chain.flatMap(contextCopies).flatMap((copy) => copy.sources.map((source) => {
    const host = posix.join(build.contextDir, contextRelative(source));
    const isDir = files.isDirectory(host);
    const destName = posix.basename(copy.dest.replace(/\/+$/, ""));
    const names = new Set(isDir ? [destName] : [posix.basename(host, ".py"), destName.replace(/\.py$/, "")]);
    return { dir: isDir ? host : posix.dirname(host), names };
  }));
}

const provides = (files: FileTree, dir: string, name: string) => files.exists(posix.join(dir, `${name}.py`)) || files.isDirectory(posix.join(dir, name));

// Module name -> file, for every .py file in the context (packages by their folder).
function moduleIndex(files: FileTree, contextDir: string): Map<string, string> {
  const index = new Map<string, string>();
  for (const file of listSourceFiles(files, contextDir, /\.py$/)) {
    const name = posix.basename(file) === "__init__.py" ? posix.basename(posix.dirname(file)) : posix.basename(file, ".py");
    if (!index.has(name)) index.set(name, file);
  }
  return index;
}
