import { posix } from "node:path";
import { contextCopies } from "../helpers/build-facts.js";
import { defineRule } from "../rule.js";

export const copyOutsideContext = defineRule({
  id: "copy-outside-context",
  group: "cross-file",
  severity: "error",
  title: "COPY reaches outside the build context",
  doc: {
    why: "The build only sees files inside its context: `COPY ../shared ./shared` fails (\"forbidden path outside the build context\"), typically when a monorepo package lives next to the service folder.",
    example: "services:\n  web:\n    build: ./apps/web   # Dockerfile: COPY ../../packages/ui ./packages/ui",
    fix: "Move the context up to the repository root and point `dockerfile:` at the service's Dockerfile (`build: { context: ., dockerfile: apps/web/Dockerfile }`).",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      if (!build?.dockerfile) continue;
      for (const stage of build.dockerfile.stages) {
        for (const copy of contextCopies(stage)) {
          const outside = copy.sources.find(leavesContext);
          if (outside === undefined) continue;
          report({ at: copy.instruction.at, message: `COPY source "${outside}" is outside the build context of "${view.name}"`, hint: "widen build.context (e.g. to the repo root) and set build.dockerfile to this file" });
        }
      }
    }
  },
});

/** `../x`, and the parent itself (`..`, `src/../..`): normalized, anything that climbs out. */
function leavesContext(source: string): boolean {
  const normalized = posix.normalize(source);
  return normalized === ".." || normalized.startsWith("../");
}
