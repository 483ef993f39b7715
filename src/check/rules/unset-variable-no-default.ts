import { isAbsolute, join } from "node:path";
import type { LoadWarning } from "../../compose/model/project.js";
import type { CheckContext } from "../context.js";
import type { Severity } from "../finding.js";
import { defineRule } from "../rule.js";

// Keys whose values the container reads: compose passes an empty string and the app decides (it
// may branch on it, as compose itself only warns). Everywhere else (image, ports, volumes, flags)
// an empty string breaks the file as written.
const valueKeys = new Set(["environment", "command", "entrypoint", "labels", "healthcheck", "args", "annotations", "extra_hosts"]);

/** `${VAR}` that compose substitutes with an empty string, from the loader's own record of it. */
export const unsetVariableNoDefault = defineRule({
  id: "unset-variable-no-default",
  group: "env",
  severity: "error",
  title: "Variable used without a value or default",
  doc: {
    why: "Compose replaces an unset `${VAR}` with an empty string and only warns. In an image name, a port, a volume or a flag that breaks the deployment as written (error); in a container's environment or command the app sees an empty value, which it may or may not handle (warning).",
    example: "services:\n  api:\n    image: registry.example.com/api:${TAG}   # TAG is not in .env\n    environment:\n      API_KEY_ENCRYPTION_KEY: ${API_KEY_ENCRYPTION_KEY}",
    fix: "Set it in `.env`, give a default (`${VAR:-value}`), or make it required with a message (`${VAR:?set VAR in .env}`).",
  },
  check(context, report) {
    const composeFiles = new Set(context.composeTexts.map((text) => text.path));
    for (const warning of context.project.meta.warnings) {
      if (warning.code !== "compose.unset-variable" || warning.location === undefined) continue;
      const file = isAbsolute(warning.location.file) ? warning.location.file : join(context.dir, warning.location.file);
      if (!composeFiles.has(file)) continue;
      const name = /"([^"]+)" variable/.exec(warning.message)?.[1] ?? "";
      report({ at: { ...warning.location, file }, message: `\${${name}} is not set and has no default; compose will use an empty string${where(warning)}`, hint: hintFor(context, name), severity: severityOf(warning) });
    }
  },
});

function severityOf(warning: LoadWarning): Severity {
  const path = warning.path ?? [];
  const inService = path[0] === "services" && typeof path[2] === "string";
  const key = inService ? path[2] : path[path.length - 2];
  const buildArg = inService && path[2] === "build" && path[3] === "args";
  return buildArg || (inService && valueKeys.has(String(key))) ? "warning" : "error";
}

const where = (warning: LoadWarning): string => (warning.path === undefined ? "" : ` (in ${warning.path.join(".")})`);

function hintFor(context: CheckContext, name: string): string {
  const inEnvFile = [...context.envFiles.values()].find((file) => file.entries.some((entry) => entry.key === name));
  return inEnvFile
    ? `${name} is only in env_file ${inEnvFile.path.slice(context.dir.length + 1)}, which sets container variables but is not used for \${} in compose; put it in .env (or pass --env-file)`
    : `set ${name} in .env, or write \${${name}:?set ${name}} to fail early`;
}
