import { posix } from "node:path";
import { effectiveUser, isRootUser, workdirAt } from "../helpers/build-facts.js";
import { stageChain, type DockerInstruction } from "../sources/dockerfile.js";
import { defineRule } from "../rule.js";

const writingStep = /\b(npm\s+(ci|install|i)\b|pnpm\s+(install|i)\b|yarn(\s+install)?\s*($|&|--)|pip3?\s+install\b(?![^&|;]*--user)|python3?\s+-m\s+venv|uv\s+(sync|venv)|poetry\s+install|mkdir\s+(?!-p\s+\/|\/)|touch\s+(?!\/))/;

export const nonrootCannotWrite = defineRule({
  id: "nonroot-cannot-write",
  group: "dockerfile",
  severity: "error",
  title: "Non-root USER writes into a directory root owns",
  doc: {
    why: "WORKDIR creates its directory as root. After `USER app`, an install step that writes there (`npm ci`, `pip install`, `python -m venv .venv`, `mkdir data`) fails with \"EACCES: permission denied\", or the app later cannot write its files.",
    example: "WORKDIR /app\nCOPY . .\nUSER node\nRUN npm ci",
    fix: "Give the directory to the user before switching: `RUN chown node:node /app` (or `COPY --chown`, `install -d -o node /app`), or run the install before `USER`.",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      if (!build?.dockerfile || !build.stage) continue;
      const chain = stageChain(build.dockerfile, build.stage);
      const instructions = [...chain].reverse().flatMap((stage) => stage.instructions);
      const userIndex = instructions.findIndex((instruction) => instruction.keyword === "USER" && !isRootUser(instruction.args[0]));
      if (userIndex < 0 || isRootUser(effectiveUser(chain))) continue;
      const step = instructions.slice(userIndex + 1).find((instruction) => instruction.keyword === "RUN" && writingStep.test(instruction.text));
      if (!step) continue;
      const dir = workdirAt(chain, step);
      if (dir.startsWith("/home/") || dir.startsWith("/tmp") || ownedBeforeSwitch(instructions.slice(0, userIndex), dir, instructions[userIndex]!)) continue;
      report({ at: step.at, message: `this step writes into ${dir} as ${instructions[userIndex]!.args[0]}, but ${dir} was created by root`, hint: `before USER, add \`RUN chown ${instructions[userIndex]!.args[0]} ${dir}\` (or run this step before switching user)` });
    }
  },
});

// The directory counts as the user's when a RUN chowns it (or its parent) before the switch.
function ownedBeforeSwitch(before: readonly DockerInstruction[], dir: string, user: DockerInstruction): boolean {
  return before.some((instruction) => instruction.keyword === "RUN" && /\b(chown|install\s+-d)\b/.test(instruction.text) &&
    (instruction.text.includes(dir) || instruction.text.includes(posix.dirname(dir)) || /chown[^&;|]*\s\.(\s|$)/.test(instruction.text) || instruction.text.includes(user.args[0] ?? "\0")));
}
