import { wholesaleCopyLeaks } from "../helpers/build-facts.js";
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
    for (const { copy, names } of wholesaleCopyLeaks(context, (name) => artifacts.includes(name))) {
      const severity = names.every((name) => name === ".git" || name.endsWith("_cache")) ? "warning" : "error";
      report({ at: copy.instruction.at, message: `COPY . . copies host artifacts into the image: ${names.join(", ")}`, hint: `add ${names.join(", ")} to .dockerignore`, severity });
    }
  },
});
