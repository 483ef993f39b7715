import { environmentOf } from "../helpers/service-facts.js";
import { stageChain } from "../sources/dockerfile.js";
import { defineRule } from "../rule.js";

export const pythonUnbufferedMissing = defineRule({
  id: "python-unbuffered-missing",
  group: "dockerfile",
  severity: "info",
  title: "Python output is buffered",
  doc: {
    why: "Python buffers stdout when it is not a terminal: a process that crashes at start-up dies before flushing, and `docker logs` shows nothing (the \"restart loop with empty logs\").",
    example: "FROM python:3.11-slim-bookworm\nCMD [\"python\", \"main.py\"]",
    fix: "Add `ENV PYTHONUNBUFFERED=1` (or run `python -u`).",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      if (!build?.dockerfile || !build.stage || !/(^|\/)python:/.test(view.baseImage ?? "")) continue;
      const instructions = stageChain(build.dockerfile, build.stage).flatMap((stage) => stage.instructions);
      const set = instructions.some((instruction) => instruction.keyword === "ENV" && /PYTHONUNBUFFERED/.test(instruction.text));
      const unbufferedRun = instructions.some((instruction) => (instruction.keyword === "CMD" || instruction.keyword === "ENTRYPOINT") && instruction.args.includes("-u"));
      if (set || unbufferedRun || environmentOf(view.service)["PYTHONUNBUFFERED"] !== undefined) continue;
      report({ at: build.stage.from.at, message: `Python in "${view.name}" runs with buffered output; a crash at start leaves empty logs`, hint: "add `ENV PYTHONUNBUFFERED=1`" });
    }
  },
});
