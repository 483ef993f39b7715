import { defineRule } from "../rule.js";

/** Problems the loader tolerated (lenient mode): unset variables, obsolete keys, semantic errors. */
export const composeWarning = defineRule({
  id: "compose-warning",
  group: "compose",
  severity: "warning",
  title: "Compose loader warning",
  doc: {
    why: "The loader accepted the files but noticed something compose would warn about or reject at `up` (an unset variable that becomes blank, a reference to nothing).",
    example: "services:\n  api:\n    environment:\n      API_KEY: ${API_KEY}   # API_KEY is not set",
    fix: "Follow the message: set the variable (or give a default with `${VAR:-default}`), or fix the key.",
  },
  check(context, report) {
    for (const warning of context.project.meta.warnings) {
      const at = warning.location ? { ...warning.location, file: warning.location.file } : context.locate([]);
      report({ at, message: `${warning.message} (${warning.code})`, hint: "see `berth config` for the loaded model" });
    }
  },
});
