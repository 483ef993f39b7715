import { posix } from "node:path";
import { traceImagePath } from "../helpers/image-paths.js";
import { workdirAt } from "../helpers/build-facts.js";
import { stageChain, type DockerInstruction } from "../sources/dockerfile.js";
import { defineRule } from "../rule.js";

const scriptRunner = /^(node|python3?|ts-node|tsx|bun|deno)$/;

export const cmdTargetMissing = defineRule({
  id: "cmd-target-missing",
  group: "cross-file",
  severity: "error",
  title: "CMD runs a file the image does not contain",
  doc: {
    why: "`CMD [\"node\", \"dist/server.js\"]` where nothing copies or builds `dist/server.js` makes the container exit at once with \"Cannot find module\", then restart forever.",
    example: "WORKDIR /app\nCOPY src ./src\nCMD [\"node\", \"server.js\"]   # server.js is in src/",
    fix: "Point CMD at the file where COPY puts it (`src/server.js`), or copy the file.",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      if (!build?.dockerfile || !build.stage || Array.isArray(view.service.command)) continue;
      const chain = stageChain(build.dockerfile, build.stage);
      const cmd = chain.flatMap((stage) => stage.instructions).filter((instruction) => instruction.keyword === "CMD").at(0);
      const script = cmd ? scriptArgument(cmd) : undefined;
      if (!cmd || script === undefined) continue;
      const path = posix.resolve(workdirAt(chain, cmd), script);
      if (isMountedOver(view.service.volumes ?? [], path) || traceImagePath(context.files, build, chain, path).kind !== "missing") continue;
      report({ at: cmd.at, message: `CMD runs ${path}, but no COPY puts that file into the image`, hint: "fix the path in CMD, or COPY the file from the build context" });
    }
  },
});

function scriptArgument(cmd: DockerInstruction): string | undefined {
  const [runner, ...rest] = cmd.args;
  if (runner === undefined || !scriptRunner.test(posix.basename(runner))) return undefined;
  const script = rest.find((arg) => !arg.startsWith("-"));
  return script !== undefined && /\.(m?js|cjs|ts|py)$/.test(script) && !script.includes("$") ? script : undefined;
}

// A bind mount over the file's folder (the dev setup `./src:/app`) provides it at run time.
const isMountedOver = (volumes: readonly { type: string; target: string }[], path: string) =>
  volumes.some((volume) => volume.type === "bind" && typeof volume.target === "string" && (path === volume.target || path.startsWith(`${volume.target.replace(/\/$/, "")}/`)));
