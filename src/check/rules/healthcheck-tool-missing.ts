import { healthcheckLine } from "../helpers/service-facts.js";
import { inventoryOf } from "../knowledge/base-images.js";
import { stageChain } from "../sources/dockerfile.js";
import type { ServiceView } from "../context.js";
import { defineRule } from "../rule.js";

const probeTools = ["curl", "wget", "nc", "pg_isready", "redis-cli", "mysqladmin", "mongosh", "mongo", "python", "python3", "node", "bash"];

/** The executables a healthcheck command line runs, in order. */
export function commandExecutables(line: string): string[] {
  return line.split(/&&|\|\||;|\||\$\(/).map((part) => part.trim().split(/\s+/)[0] ?? "").map((word) => word.replace(/^.*\//, "")).filter((word) => word !== "");
}

/** Packages a Dockerfile installs in the stages the image is made of. */
function installedTools(view: ServiceView): string {
  const build = view.build;
  if (!build?.dockerfile || !build.stage) return "";
  return stageChain(build.dockerfile, build.stage).flatMap((stage) => stage.instructions).filter((instruction) => instruction.keyword === "RUN").map((instruction) => instruction.text).join("\n");
}

export const healthcheckToolMissing = defineRule({
  id: "healthcheck-tool-missing",
  group: "cross-file",
  severity: "error",
  title: "Healthcheck runs a tool the image does not have",
  doc: {
    why: "`curl` is not in `python:*-slim`, `node:*-slim` or `debian:*-slim`, and `node:*-alpine` has only busybox `wget`. The healthcheck then fails with \"executable file not found\", the container never turns healthy, and everything that waits for it never starts.",
    example: "api:\n  build: .   # FROM python:3.11-slim-bookworm\n  healthcheck:\n    test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8000/health\"]",
    fix: "Probe with what the image has (`python -c \"import urllib.request; urllib.request.urlopen('http://localhost:8000/health')\"`, `node healthcheck.js`, `wget -qO- ...` on alpine), or install curl in the final stage.",
  },
  check(context, report) {
    for (const view of context.services) {
      const line = healthcheckLine(view.service);
      const inventory = view.baseImage ? inventoryOf(view.baseImage) : undefined;
      if (line === undefined || !inventory) continue;
      const installed = installedTools(view);
      const missing = commandExecutables(line).find((tool) => probeTools.includes(tool) && !inventory.tools.includes(tool) && !new RegExp(`\\b${tool}\\b`).test(installed));
      if (!missing) continue;
      report({ at: context.locate(["services", view.name, "healthcheck", "test"]), message: `healthcheck of "${view.name}" runs ${missing}, which ${view.baseImage} does not contain`, hint: `probe with a tool the image has (${inventory.tools.filter((tool) => probeTools.includes(tool)).join(", ") || "none: install one"}), or install ${missing} in the final stage` });
    }
  },
});
