import { lineAt } from "../helpers/env-facts.js";
import type { CheckContext } from "../context.js";
import type { Location } from "../finding.js";
import { defineRule } from "../rule.js";

const reference = /(?<!\$)\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

export const healthcheckComposeInterpolation = defineRule({
  id: "healthcheck-compose-interpolation",
  group: "compose",
  severity: "warning",
  title: "Healthcheck variable expanded by compose, not in the container",
  doc: {
    why: "`${POSTGRES_USER}` in a healthcheck is replaced by compose from the project `.env` when the file is loaded, not from the container's environment. If the variable lives only in `env_file:` or `environment:`, the check runs with an empty value (`pg_isready -U` as root: \"role root does not exist\").",
    example: "healthcheck:\n  test: [\"CMD-SHELL\", \"pg_isready -U ${POSTGRES_USER}\"]",
    fix: "Write `$$POSTGRES_USER` so the container's shell expands it (CMD-SHELL form).",
  },
  check(context, report) {
    for (const view of context.services.filter((candidate) => candidate.service.healthcheck?.test)) {
      const at = context.locate(["services", view.name, "healthcheck", "test"]);
      const text = testText(context, at);
      const container = view.service.environment ?? {};
      for (const match of text.matchAll(reference)) {
        const name = match[1] ?? "";
        if (!(name in container) || name in context.project.meta.environment && !text.includes(`\${${name}`)) continue;
        // Passed through (`- POSTGRES_USER`, `POSTGRES_USER: ${POSTGRES_USER}`): both expand to the same value.
        if (container[name] === context.project.meta.environment[name]) continue;
        if (choosesWholeCommand(text, name)) continue;
        report({ at, message: `healthcheck of "${view.name}" uses \${${name}}, which compose expands from the project environment, not the container's`, hint: `write $$${name} so the container expands it` });
        break;
      }
    }
  },
});

// The test's own text: its line, and the block-sequence items (`- ...`) written under it; never the next key.
function testText(context: CheckContext, at: Location): string {
  const lines = [lineAt(context, at)];
  for (let line = at.line + 1; line < at.line + 12; line += 1) {
    const next = lineAt(context, { ...at, line });
    if (!/^\s*-\s/.test(next)) break;
    lines.push(next);
  }
  return lines.join("\n");
}

/**
 * `test: ${HEALTHCHECK}`, `["CMD-SHELL", "${HEALTHCHECK}"]`, `["CMD", "${PROBE}", ...]`: the whole
 * command (or the program) is chosen by the variable on purpose, from the project environment.
 */
function choosesWholeCommand(text: string, name: string): boolean {
  const quote = `["']?`;
  const ref = String.raw`\$\{?${name}(?:[:?+-][^}]*)?\}?`;
  const wholeTest = new RegExp(String.raw`test:\s*${quote}${ref}${quote}\s*$`, "m");
  const shellCommand = new RegExp(String.raw`${quote}CMD-SHELL${quote}\s*(?:,|\n\s*-)\s*${quote}${ref}${quote}\s*(?:\]|$)`, "m");
  const program = new RegExp(String.raw`${quote}CMD${quote}\s*(?:,|\n\s*-)\s*${quote}${ref}${quote}\s*(?:[,\]]|$)`, "m");
  return [wholeTest, shellCommand, program].some((pattern) => pattern.test(text));
}
