import { defineRule } from "../rule.js";

const reference = /(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)\}|(?<!\$)\$([A-Za-z_][A-Za-z0-9_]*)/g;

export const unsetVariableNoDefault = defineRule({
  id: "unset-variable-no-default",
  group: "env",
  severity: "error",
  title: "Variable used without a value or default",
  doc: {
    why: "Compose replaces an unset `${VAR}` with an empty string and only warns: the container starts with a blank password or key and fails later, in a place that does not mention the variable.",
    example: "environment:\n  API_KEY_ENCRYPTION_KEY: ${API_KEY_ENCRYPTION_KEY}   # not in .env",
    fix: "Set it in `.env`, give a default (`${VAR:-value}`), or make it required with a message (`${VAR:?set VAR in .env}`).",
  },
  check(context, report) {
    for (const { path, text } of context.composeTexts) {
      text.split(/\r?\n/).forEach((line, index) => {
        if (/^\s*#/.test(line)) return;
        for (const match of line.matchAll(reference)) {
          const name = match[1] ?? match[2] ?? "";
          if (name in context.project.meta.environment) continue;
          const inEnvFile = [...context.envFiles.values()].find((file) => file.entries.some((entry) => entry.key === name));
          const hint = inEnvFile
            ? `${name} is only in env_file ${inEnvFile.path.slice(context.dir.length + 1)}, which sets container variables but is not used for \${} in compose; put it in .env (or pass --env-file)`
            : `set ${name} in .env, or write \${${name}:?set ${name}} to fail early`;
          report({ at: { file: path, line: index + 1, column: (match.index ?? 0) + 1 }, message: `\${${name}} is not set and has no default; compose will use an empty string`, hint });
        }
      });
    }
  },
});
