import { posix } from "node:path";
import { escapeRegExp, workdirAt } from "../helpers/build-facts.js";
import { traceImagePath } from "../helpers/image-paths.js";
import { inventoryOf } from "../knowledge/base-images.js";
import { stageChain, type DockerInstruction } from "../sources/dockerfile.js";
import type { ServiceView } from "../context.js";
import { defineRule } from "../rule.js";

export const entrypointScriptBroken = defineRule({
  id: "entrypoint-script-broken",
  group: "cross-file",
  severity: "error",
  title: "Entrypoint script cannot run",
  doc: {
    why: "A script with Windows line endings fails with \"no such file or directory\" (`/bin/sh^M`), a `#!/bin/bash` script fails on Alpine or distroless images that have no bash, and a script without the exec bit fails with \"permission denied\". All three give a restart loop with almost no logs.",
    example: "FROM node:20-alpine\nCOPY docker-entrypoint.sh /\nENTRYPOINT [\"/docker-entrypoint.sh\"]   # starts with #!/bin/bash",
    fix: "Save the script with LF endings (`.gitattributes: *.sh text eol=lf`), use `#!/bin/sh`, and `COPY --chmod=755` or `RUN chmod +x`.",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      if (!build?.dockerfile || !build.stage) continue;
      const chain = stageChain(build.dockerfile, build.stage);
      const instructions = chain.flatMap((stage) => stage.instructions);
      const entry = instructions.filter((instruction) => instruction.keyword === "ENTRYPOINT" || instruction.keyword === "CMD").find((instruction) => instruction.execForm && /\.sh$/.test(instruction.args[0] ?? ""));
      if (!entry) continue;
      const provenance = traceImagePath(context.files, build, chain, posix.resolve(workdirAt(chain, entry), entry.args[0] ?? ""));
      if (provenance.kind !== "context") continue;
      const problem = scriptProblem(context.files.readText(posix.join(build.contextDir, provenance.source)) ?? "", context.files.mode(posix.join(build.contextDir, provenance.source)), instructions, view);
      if (problem) report({ at: entry.at, message: `${entry.args[0]} ${problem}`, hint: "use LF line endings, `#!/bin/sh`, and `COPY --chmod=755` (or `RUN chmod +x`)" });
    }
  },
});

function scriptProblem(text: string, mode: number | undefined, instructions: readonly DockerInstruction[], view: ServiceView): string | undefined {
  if (text.includes("\r\n")) return "has Windows (CRLF) line endings; the kernel looks for an interpreter named `sh\\r`";
  const interpreter = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
  const program = interpreter?.[1]?.endsWith("/env") ? interpreter[2] : interpreter?.[1] && posix.basename(interpreter[1]);
  const tools = view.baseImage ? inventoryOf(view.baseImage)?.tools : undefined;
  const installed = instructions.some((instruction) => instruction.keyword === "RUN" && program !== undefined && new RegExp(`\\b(apk|apt-get|apt)\\b.*\\b${escapeRegExp(program)}\\b`).test(instruction.text));
  if (program && tools && !tools.includes(program) && !installed) return `starts with #!${interpreter?.[1]}, but ${view.baseImage} has no ${program}`;
  const executable = mode === undefined || (mode & 0o111) !== 0;
  const chmod = instructions.some((instruction) => (instruction.keyword === "RUN" && /chmod\s/.test(instruction.text)) || instruction.flags["chmod"] !== undefined);
  return executable || chmod ? undefined : "is not executable and nothing runs chmod +x on it";
}
