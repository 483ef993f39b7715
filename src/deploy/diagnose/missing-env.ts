import type { Classifier, ServiceEvidence } from "./diagnosis.js";

/** Words written in capitals that are never the variable a message names. */
const notVariables = new Set(["ERROR", "ERR", "INFO", "WARN", "WARNING", "DEBUG", "TRACE", "FATAL", "CRITICAL", "NOTICE", "PANIC", "HTTP", "HTTPS", "URL", "URI", "API", "JSON", "XML", "SQL", "NULL", "NONE", "TRUE", "FALSE", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "TCP", "UDP", "DNS", "SSL", "TLS", "UTC", "PID", "EOF", "NaN"]);

const name = String.raw`['"\`]?([A-Z][A-Z0-9_]{2,})['"\`]?`;
const absent = String.raw`(?:is not set|is not defined|not set|is required|is missing|must be set|is empty|must not be empty|is undefined)`;

// Each pattern names the variable right beside the words that say it is missing: no gap to bridge.
const patterns: readonly RegExp[] = [
  // "DATABASE_URL is not set", "env var SECRET is required", "environment variable 'X' is missing"
  new RegExp(String.raw`(?:^|[\s:(])(?:(?:environment|env)\s*var(?:iable)?\s+)?${name}\s+(?:environment\s+variable\s+|env\s*var(?:iable)?\s+)?${absent}`, "m"),
  // "missing environment variable: FOO", "required env var FOO"
  new RegExp(String.raw`(?:missing|required|unset|undefined)\s+(?:environment\s+variable|env(?:ironment)?\s*var(?:iable)?)s?:?\s+${name}`, "i"),
  // Python's os.environ["FOO"]: "KeyError: 'FOO'"
  new RegExp(String.raw`KeyError: ${name}`),
  // postgres: "You must specify POSTGRES_PASSWORD to a non-empty value"
  new RegExp(String.raw`\b(?:[Mm]ust|[Nn]eed to|[Pp]lease) (?:specify|provide|define|set) ${name}\b`),
  // "... is not specified. Set POSTGRES_PASSWORD (or ...)": only trusted when the container's value is empty.
  // Not "set X=trust": that offers an alternative setting, it does not name what is missing.
  new RegExp(String.raw`\b[Ss]et ${name}\b(?!=)`),
];

/** The variable a log names as missing, with the line that says so; never a log level or a protocol. */
export function missingVariable(log: string | undefined): { name: string; line: string } | undefined {
  for (const line of (log ?? "").split("\n")) {
    for (const pattern of patterns) {
      const found = pattern.exec(line)?.[1];
      if (found && !notVariables.has(found)) return { name: found, line: line.trim() };
    }
  }
  return undefined;
}

/** `absent`, `empty` or `set`: the variable's value in the container. */
export function variableState(evidence: ServiceEvidence, variable: string): "absent" | "empty" | "set" {
  const entry = (evidence.inspect?.Config.Env ?? []).find((e) => e.startsWith(`${variable}=`));
  return entry === undefined ? "absent" : entry.slice(variable.length + 1) === "" ? "empty" : "set";
}

/** The app stopped because a variable it needs is empty or absent, as its own log says by name. */
export const missingEnv: Classifier = (evidence) => {
  const found = missingVariable(evidence.logTail);
  if (!found) return undefined;
  const state = variableState(evidence, found.name);
  if (state === "set") return undefined;
  return {
    code: "missing-env",
    message: `${evidence.service} needs the environment variable ${found.name}, which is ${state}`,
    evidence: { variable: found.name, inContainer: state, line: found.line },
    hint: `set ${found.name} under services.${evidence.service}.environment (or in the .env / env_file it reads)`,
  };
};
