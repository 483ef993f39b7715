import type { Classifier } from "./diagnosis.js";

// Messages apps print for an unset variable: "DATABASE_URL is not set", "missing env var FOO", ...
const patterns = [
  /\b([A-Z][A-Z0-9_]{2,})\b[^\n]{0,40}?\b(?:is not set|not set|is required|is missing|must be set|is empty|undefined)/,
  /(?:missing|required|unset|empty|undefined)\s+(?:environment\s+variable|env(?:ironment)?\s*var(?:iable)?|variable)s?:?\s+['"`]?([A-Z][A-Z0-9_]{2,})/i,
  // "... is not specified. Set POSTGRES_PASSWORD (or ...)": only trusted when the container's value is empty.
  /\b[Ss]et ([A-Z][A-Z0-9_]{2,})\b/,
];

/** The app stopped because a variable it needs is empty or absent. */
export const missingEnv: Classifier = (evidence) => {
  const log = evidence.logTail ?? "";
  const found = patterns.map((p) => p.exec(log)).find((m) => m !== null);
  const name = found?.[1];
  if (!name) return undefined;
  const env = evidence.inspect?.Config.Env ?? [];
  const entry = env.find((e) => e.startsWith(`${name}=`));
  const value = entry === undefined ? "absent" : entry.slice(name.length + 1) === "" ? "empty" : "set";
  if (value === "set") return undefined;
  return {
    code: "missing-env",
    message: `${evidence.service} needs the environment variable ${name}, which is ${value}`,
    evidence: { variable: name, inContainer: value, line: found?.[0] ?? "" },
    hint: `set ${name} under environment: (or in .env / env_file) for ${evidence.service}`,
  };
};
