import { defineRule } from "../rule.js";

/** The compose files could not be loaded at all; every other rule then has nothing to read. */
export const composeInvalid = defineRule({
  id: "compose-invalid",
  group: "compose",
  severity: "error",
  title: "Compose files cannot be loaded",
  doc: {
    why: "When the YAML does not parse or the model is invalid, `docker compose up` stops before creating anything, and no other check can run.",
    example: "services:\n  web:\n    image: nginx\n   ports: [\"80:80\"]   # wrong indentation",
    fix: "Fix the syntax at the reported position; `berth config` shows the loaded model once it parses.",
  },
  check(context, report) {
    const failure = context.loadError;
    if (!failure) return;
    report({ at: failure.at ?? context.locate([]), message: failure.message, hint: failure.hint ?? "fix the compose file so that `berth config` loads it" });
  },
});
