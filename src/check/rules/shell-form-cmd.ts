import { defineRule } from "../rule.js";

export const shellFormCmd = defineRule({
  id: "shell-form-cmd",
  group: "dockerfile",
  severity: "info",
  title: "CMD or ENTRYPOINT in shell form",
  doc: {
    why: "Shell form runs the app under `/bin/sh -c`: the shell is PID 1 and does not forward SIGTERM, so `docker stop` waits 10 s and then kills the app without a graceful shutdown (dropped requests during rollouts).",
    example: "CMD node dist/server.js",
    fix: "Use exec form: `CMD [\"node\", \"dist/server.js\"]` (or `exec` inside a wrapper script).",
  },
  check(context, report) {
    for (const view of context.services) {
      const stage = view.build?.stage;
      if (!stage || Array.isArray(view.service.command)) continue;
      const last = stage.instructions.filter((instruction) => instruction.keyword === "CMD" || instruction.keyword === "ENTRYPOINT").at(-1);
      if (!last || last.execForm || /^exec\s/.test(last.text.trim())) continue;
      report({ at: last.at, message: `${last.keyword} of "${view.name}" uses shell form, so the app does not receive SIGTERM`, hint: `use exec form: ${last.keyword} ${JSON.stringify(last.args)}` });
    }
  },
});
