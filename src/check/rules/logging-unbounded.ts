import { defineRule } from "../rule.js";

export const loggingUnbounded = defineRule({
  id: "logging-unbounded",
  group: "compose",
  severity: "info",
  title: "Logs switched off",
  doc: {
    why: "`logging.driver: none` throws away the only evidence of a crash loop (\"restarting, logs empty\"); `json-file` set explicitly without `max-size` grows until the disk is full.",
    example: "services:\n  worker:\n    logging:\n      driver: none",
    fix: "Keep the default driver, or `json-file`/`local` with `options: { max-size: 10m, max-file: \"3\" }`.",
  },
  check(context, report) {
    for (const view of context.services) {
      const logging = view.service.logging;
      if (!logging?.driver) continue;
      const at = context.locate(["services", view.name, "logging", "driver"]);
      if (logging.driver === "none") report({ at, message: `"${view.name}" discards its logs (logging driver none)`, hint: "use the default driver, or `local` with a size limit" });
      else if (logging.driver === "json-file" && logging.options?.["max-size"] === undefined) report({ at, message: `"${view.name}" logs to json-file without max-size`, hint: "add `options: { max-size: 10m, max-file: \"3\" }`" });
    }
  },
});
