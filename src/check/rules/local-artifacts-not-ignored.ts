import { contextCopies, isWholesaleCopy } from "../helpers/build-facts.js";
import { defineRule } from "../rule.js";

const artifacts = [".venv", "venv", "node_modules", ".next", "__pycache__", ".git", ".pytest_cache", ".mypy_cache", ".turbo"];

export const localArtifactsNotIgnored = defineRule({
  id: "local-artifacts-not-ignored",
  group: "dockerignore",
  severity: "error",
  title: "Host build artifacts copied into the image",
  doc: {
    why: "A host `.venv` or `node_modules` copied by `COPY . .` overwrites what the image installed: binaries built for macOS or another Python fail at import (\"invalid ELF header\", \"No module named ...\"), and `.git` bloats the image and leaks history.",
    example: ".dockerignore:\n  venv/\n# but the folder is .venv",
    fix: "List the artifacts in `.dockerignore`: `.venv`, `venv`, `node_modules`, `.next`, `__pycache__`, `.git`.",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      if (!build?.stage || build.remote) continue;
      const wholesale = build.dockerfile?.stages.flatMap(contextCopies).find(isWholesaleCopy);
      if (!wholesale) continue;
      const present = context.files.list(build.contextDir).filter((name) => artifacts.includes(name) && !build.ignore.ignores(name));
      if (present.length === 0) continue;
      const severity = present.every((name) => name === ".git" || name.endsWith("_cache")) ? "warning" : "error";
      report({ at: wholesale.instruction.at, message: `COPY . . copies host artifacts into the image: ${present.join(", ")}`, hint: `add ${present.join(", ")} to .dockerignore`, severity });
    }
  },
});
