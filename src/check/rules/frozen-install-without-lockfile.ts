import { posix } from "node:path";
import { contextCopies, contextMatches, globToRegExp, isWholesaleCopy, runCommands } from "../helpers/build-facts.js";
import type { DockerStage } from "../sources/dockerfile.js";
import { defineRule } from "../rule.js";

const installers: readonly { pattern: RegExp; lockfile: string }[] = [
  { pattern: /\bnpm\s+ci\b/, lockfile: "package-lock.json" },
  { pattern: /\bpnpm\s+(install|i)\b[^&|;]*--frozen-lockfile/, lockfile: "pnpm-lock.yaml" },
  { pattern: /\byarn\s+(install\s+)?[^&|;]*--(immutable|frozen-lockfile)/, lockfile: "yarn.lock" },
  { pattern: /\buv\s+sync\b[^&|;]*--(locked|frozen)/, lockfile: "uv.lock" },
  { pattern: /\bpoetry\s+install\b/, lockfile: "poetry.lock" },
];

export const frozenInstallWithoutLockfile = defineRule({
  id: "frozen-install-without-lockfile",
  group: "cross-file",
  severity: "error",
  title: "Frozen install without its lockfile",
  doc: {
    why: "`npm ci`, `pnpm install --frozen-lockfile`, `yarn --immutable`, `uv sync --locked` refuse to run without a lockfile. If the lockfile is not in the context, or not copied before the install, the build fails; making the COPY \"optional\" with a glob only moves the failure.",
    example: "COPY package.json pnpm-lock.yaml* ./\nRUN pnpm install --frozen-lockfile   # there is no pnpm-lock.yaml",
    fix: "Commit the lockfile and COPY it before the install step (`COPY package.json pnpm-lock.yaml ./`).",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      if (!build?.dockerfile || build.remote) continue;
      for (const stage of build.dockerfile.stages) {
        for (const run of runCommands(stage)) {
          const installer = installers.find((candidate) => candidate.pattern.test(run.text));
          if (!installer) continue;
          const problem = lockfileProblem(stage, run.at.line, installer.lockfile, (source) => contextMatches(context.files, build, source));
          if (problem) report({ at: run.at, message: problem, hint: `commit ${installer.lockfile} and COPY it before this step` });
        }
      }
    }
  },
});

function lockfileProblem(stage: DockerStage, line: number, lockfile: string, inContext: (source: string) => boolean): string | undefined {
  const before = contextCopies(stage).filter((copy) => copy.instruction.at.line < line);
  // A COPY source names the lockfile literally or through a glob (`package*.json`, `*.lock`).
  const namesLock = (source: string) => globToRegExp(posix.basename(source))?.test(lockfile) === true;
  const copiesLock = (copy: (typeof before)[number]) => isWholesaleCopy(copy) || copy.sources.some(namesLock);
  const fromOtherStage = stage.instructions.some((instruction) => instruction.keyword === "COPY" && instruction.flags["from"] !== undefined && instruction.at.line < line);
  if (!before.some(copiesLock) && !fromOtherStage) return `frozen install runs before ${lockfile} is copied into the image`;
  const lockSource = before.flatMap((copy) => copy.sources).find(namesLock);
  const dirs = lockSource ? [posix.dirname(lockSource)] : before.filter(isWholesaleCopy).map(() => ".");
  if (dirs.length > 0 && !dirs.some((dir) => inContext(posix.join(dir, lockfile)))) return `frozen install needs ${lockfile}, which is not in the build context`;
  return undefined;
}
