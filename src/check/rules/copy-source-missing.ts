import { contextCopies, contextMatches, contextRelative, hasVariable } from "../helpers/build-facts.js";
import { defineRule } from "../rule.js";

export const copySourceMissing = defineRule({
  id: "copy-source-missing",
  group: "cross-file",
  severity: "error",
  title: "COPY source not in the build context",
  doc: {
    why: "A COPY whose source is absent, or excluded by `.dockerignore`, fails the build (\"not found\"), and an \"optional\" glob like `pnpm-lock.yaml*` silently copies nothing, so the frozen install after it fails instead.",
    example: "COPY package.json pnpm-lock.yaml ./   # no pnpm-lock.yaml in the context",
    fix: "Commit the file, fix the path (it is relative to the build context, not to the Dockerfile), or stop ignoring it in `.dockerignore`.",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      if (!build?.stage || build.remote || !build.dockerfile) continue;
      for (const stage of build.dockerfile.stages) {
        for (const copy of contextCopies(stage)) {
          for (const source of copy.sources.filter((candidate) => !hasVariable(candidate) && !contextRelative(candidate).startsWith(".."))) {
            if (contextMatches(context.files, build, source)) continue;
            const ignored = build.ignore.ignores(contextRelative(source)) && context.files.exists(`${build.contextDir}/${contextRelative(source)}`);
            report({ at: copy.instruction.at, message: ignored ? `COPY source "${source}" is excluded by .dockerignore` : `COPY source "${source}" does not exist in the build context ${contextRelative(build.contextDir.replace(context.dir, ".")) || "."}`, hint: ignored ? "remove it from .dockerignore or stop copying it" : "fix the path (relative to the build context) or add the file" });
          }
        }
      }
    }
  },
});
