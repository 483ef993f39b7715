import { healthcheckLine } from "../helpers/service-facts.js";
import { inventoryOf } from "../knowledge/base-images.js";
import { stageChain } from "../sources/dockerfile.js";
import type { ServiceView } from "../context.js";
import type { Location } from "../finding.js";
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
    why: "`curl` is not in `python:*-slim`, `node:*-slim` or `debian:*-slim`, and `node:*-alpine` has only busybox `wget`. The healthcheck then fails with \"executable file not found\", the container never turns healthy, and everything that waits for it never starts. A Dockerfile `HEALTHCHECK` counts too when compose does not set its own.",
    example: "api:\n  build: .   # FROM python:3.11-slim-bookworm\n  healthcheck:\n    test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8000/health\"]",
    fix: "Probe with what the image has (`python -c \"import urllib.request; urllib.request.urlopen('http://localhost:8000/health')\"`, `node healthcheck.js`, `wget -qO- ...` on alpine), or install curl in the final stage.",
  },
  check(context, report) {
    for (const view of context.services) {
      const own = healthcheckLine(view.service);
      // Without a compose healthcheck (and not disabled there), the image's own HEALTHCHECK runs.
      const fromImage = own === undefined && view.service.healthcheck === undefined ? dockerfileHealthcheck(view) : undefined;
      const line = own ?? fromImage?.line;
      const inventory = view.baseImage ? inventoryOf(view.baseImage) : undefined;
      if (line === undefined || !inventory) continue;
      const installed = installedTools(view);
      const missing = commandExecutables(line).find((tool) => probeTools.includes(tool) && !inventory.tools.includes(tool) && !new RegExp(`\\b${tool}\\b`).test(installed));
      if (!missing) continue;
      report({ at: fromImage?.at ?? context.locate(["services", view.name, "healthcheck", "test"]), message: `healthcheck of "${view.name}" runs ${missing}, which ${view.baseImage} does not contain`, hint: `probe with a tool the image has (${inventory.tools.filter((tool) => probeTools.includes(tool)).join(", ") || "none: install one"}), or install ${missing} in the final stage` });
    }
  },
});

/** The last HEALTHCHECK of the stages the image is made of, as a command line (NONE: none). */
function dockerfileHealthcheck(view: ServiceView): { line: string; at: Location } | undefined {
  const build = view.build;
  if (!build?.dockerfile || !build.stage) return undefined;
  const instruction = stageChain(build.dockerfile, build.stage).flatMap((stage) => stage.instructions).filter((candidate) => candidate.keyword === "HEALTHCHECK").at(-1);
  if (instruction === undefined) return undefined;
  const command = instruction.text.replace(/^\s*HEALTHCHECK\s+/i, "").replace(/(--[a-z-]+=\S+\s+)*/i, "").replace(/^CMD\s+/i, "");
  if (/^NONE\b/i.test(command)) return undefined;
  const exec = /^\[(.*)\]\s*$/s.exec(command.trim());
  const line = exec ? execWords(exec[1] ?? "") : command;
  return line === undefined ? undefined : { line, at: instruction.at };
}

// The exec form is a JSON array; one Docker would not parse is not judged here.
function execWords(inner: string): string | undefined {
  try {
    return (JSON.parse(`[${inner}]`) as unknown[]).map(String).join(" ");
  } catch {
    return undefined;
  }
}
