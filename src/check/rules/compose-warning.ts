import { isAbsolute, join } from "node:path";
import type { LoadWarning, Project } from "../../compose/model/project.js";
import { defineRule } from "../rule.js";

// Warnings a dedicated rule reports with more detail (unset-variable-no-default, env-file-missing,
// undefined-reference); repeating them here would list each problem twice.
function coveredByRule(warning: LoadWarning, composeFiles: ReadonlySet<string>, dir: string): boolean {
  const file = warning.location?.file;
  const inCompose = file !== undefined && composeFiles.has(isAbsolute(file) ? file : join(dir, file));
  if (warning.code === "compose.unset-variable") return inCompose;
  if (warning.code === "compose.env-file-missing") return true;
  return warning.code === "compose.invalid-project" && /undefined/.test(warning.message);
}

// berth check loads every profile; a container_name shared by services of profiles that never run
// together (an all-in-one profile and its no-db twin) is not a clash.
function clashAcrossProfiles(warning: LoadWarning, project: Project): boolean {
  const match = /^services\.([^:]+): container name "[^"]*" is already in use by service (\S+)/.exec(warning.message);
  if (match === null) return false;
  const [left, right] = [project.services[match[1]!]?.profiles ?? [], project.services[match[2]!]?.profiles ?? []];
  return left.length > 0 && right.length > 0 && !left.some((profile) => right.includes(profile));
}

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
    const composeFiles = new Set(context.composeTexts.map((text) => text.path));
    for (const warning of context.project.meta.warnings.filter((candidate) => !coveredByRule(candidate, composeFiles, context.dir) && !clashAcrossProfiles(candidate, context.project))) {
      const at = warning.location ? { ...warning.location, file: warning.location.file } : context.locate([]);
      report({ at, message: `${warning.message} (${warning.code})`, hint: "see `berth config` for the loaded model" });
    }
  },
});
