import { contextCopies, isWholesaleCopy, runCommands } from "../helpers/build-facts.js";
import { defineRule } from "../rule.js";

const installStep = /\b(npm\s+(ci|install|i)\b|pnpm\s+(install|i)\b|yarn(\s+install)?\s*($|&|--)|pip3?\s+install\s+(-r|--requirement)|poetry\s+install|uv\s+sync|bundle\s+install|go\s+mod\s+download)/;

export const dependencyLayerOrder = defineRule({
  id: "dependency-layer-order",
  group: "dockerfile",
  severity: "info",
  title: "Source copied before the dependency install",
  doc: {
    why: "Docker reuses a layer only while everything before it is unchanged. With `COPY . .` before `npm ci`/`pip install`, every code change reinstalls all dependencies: slow builds and slow rollbacks.",
    example: "COPY . .\nRUN pip install -r requirements.txt",
    fix: "Copy only the manifests first, install, then copy the source: `COPY requirements.txt .` / `RUN pip install ...` / `COPY . .`.",
  },
  check(context, report) {
    for (const view of context.services) {
      for (const stage of view.build?.dockerfile?.stages ?? []) {
        const wholesale = contextCopies(stage).find(isWholesaleCopy);
        const install = runCommands(stage).find((run) => installStep.test(run.text));
        if (!wholesale || !install || wholesale.instruction.at.line > install.at.line) continue;
        report({ at: wholesale.instruction.at, message: "the whole context is copied before the dependency install, so any code change reinstalls dependencies", hint: "copy the manifests and lockfile first, install, then `COPY . .`" });
      }
    }
  },
});
