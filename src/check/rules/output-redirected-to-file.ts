import { copiedProgram } from "../helpers/image-paths.js";
import { stageChain } from "../sources/dockerfile.js";
import type { Location } from "../finding.js";
import { defineRule } from "../rule.js";

const redirect = /(?:^|[^0-9&])(?:1|2|&)?>>?\s*(?!\/dev\/std(out|err)|\/proc\/1\/fd|\/dev\/null|&)(\/[\w./-]+|\$\{?\w+\}?[\w./-]*)/;

export const outputRedirectedToFile = defineRule({
  id: "output-redirected-to-file",
  group: "cross-file",
  severity: "error",
  title: "The main process writes its output to a file",
  doc: {
    why: "Docker shows only what PID 1 writes to stdout and stderr. An entrypoint that runs the server with `>> /var/log/app.log 2>&1` hides the traceback of a crash: the container restarts in a loop and `docker logs` is empty.",
    example: "#!/bin/sh\nexec python server.py >> /var/log/aidb/server.log 2>&1",
    fix: "Let the process write to stdout/stderr (`exec python server.py`); use the logging driver for rotation.",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      if (!build?.dockerfile || !build.stage) continue;
      const chain = stageChain(build.dockerfile, build.stage);
      const entry = chain.flatMap((stage) => stage.instructions).filter((instruction) => instruction.keyword === "ENTRYPOINT" || instruction.keyword === "CMD");
      for (const instruction of entry) {
        const inline = instruction.execForm ? instruction.args.join(" ") : instruction.text;
        if (redirect.test(inline)) report({ at: instruction.at, message: `${instruction.keyword} sends the process output to a file; docker logs will be empty`, hint: "write to stdout/stderr instead of a log file" });
        const script = instruction.args[0] !== undefined && /\.sh$/.test(instruction.args[0]) ? copiedProgram(context.files, build, chain, instruction.args[0]) : undefined;
        const found = script === undefined ? undefined : findRedirect(script, context.files.readText(script) ?? "");
        if (found) report({ at: found, message: `the entrypoint script sends the server's output to a file; docker logs will be empty`, hint: "drop the redirection so the process writes to stdout/stderr" });
      }
    }
  },
});

// Only the line that starts the long-running process matters: `exec ...`, or the script's last command.
function findRedirect(file: string, text: string): Location | undefined {
  const lines = text.split(/\r?\n/);
  const commands = lines.map((line, index) => ({ line: line.trim(), index })).filter((entry) => entry.line !== "" && !entry.line.startsWith("#"));
  const main = commands.filter((entry) => /^exec\s/.test(entry.line)).at(-1) ?? commands.at(-1);
  if (!main || !redirect.test(main.line)) return undefined;
  return { file, line: main.index + 1, column: (lines[main.index]?.indexOf(main.line) ?? 0) + 1 };
}
