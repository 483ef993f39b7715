import { findLine, type Classifier } from "./diagnosis.js";

const improperlyConfigured = /ImproperlyConfigured|(?:setting|config(?:uration)? (?:value|option|key))\s+['"`]?[\w.]+['"`]?\s+(?:must not be empty|is (?:required|missing|empty|not set))/i;
const settingNames: readonly RegExp[] = [
  /The ([A-Z][A-Z0-9_]+) setting/,
  /Set the ([A-Z][A-Z0-9_]+) environment variable/,
  /setting ['"`]?([A-Za-z][\w.]+)['"`]? (?:must|is)/i,
  /(?:config(?:uration)? (?:value|option|key)) ['"`]?([A-Za-z][\w.]+)['"`]?/i,
];

/**
 * The app's framework refused a setting that is empty or missing (Django's `ImproperlyConfigured:
 * The SECRET_KEY setting must not be empty.`): names the setting and the container's variables
 * that look like its source, with their state.
 */
export const missingSetting: Classifier = (evidence) => {
  const line = findLine(evidence.logTail, improperlyConfigured);
  if (!line) return undefined;
  const setting = settingNames.map((p) => p.exec(line)?.[1]).find((n) => n !== undefined);
  const env = evidence.inspect?.Config.Env ?? [];
  const related = setting === undefined ? [] : env.map((e) => e.split("=", 1)[0] ?? "").filter((n) => n === setting || n.endsWith(`_${setting}`));
  const states = related.map((n) => `${n} is ${env.find((e) => e.startsWith(`${n}=`))?.slice(n.length + 1) === "" ? "empty" : "set"}`);
  const where = `services.${evidence.service}.environment or the env_file it reads`;
  return {
    code: "missing-setting",
    message: `${evidence.service} stopped on a missing or empty setting${setting ? ` ${setting}` : ""}`,
    evidence: { line, setting: setting ?? null, inContainer: states.length > 0 ? states.join(", ") : setting ? `no variable named ${setting} or *_${setting}` : null },
    hint: setting
      ? `give ${setting} a value: set the variable your settings read it from (${related[0] ?? setting}) in ${where}, e.g. in .env next to the compose file`
      : `the quoted line names what is missing: set it in ${where}`,
  };
};
