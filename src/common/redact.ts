/** What replaces a secret in every output. */
export const REDACTED = "***";

/** Variable names that hold secrets by convention: `DB_PASSWORD`, `API_KEY`, `GITHUB_TOKEN`, ... */
const secretName = /(PASSW(OR)?D|PASSPHRASE|SECRET|TOKEN|(^|_)KEY($|_)|API_?KEY|PRIVATE|CREDENTIAL|AUTHORIZATION|(^|_)AUTH($|_)|_PWD($|_)|DSN|SALT)/i;

export function isSecretName(name: string): boolean {
  return secretName.test(name) && !/(^|_)(FILE|PATH|HOST|PORT|USER(NAME)?|ID|URL|URI|ENDPOINT)$/i.test(name);
}

// Values this short or this ordinary are configuration, not secrets: redacting `1`, `true` or
// `postgres` everywhere would garble every output while hiding nothing.
const ordinaryValue = /^(\d+(\.\d+)?|true|false|yes|no|on|off|null|none|production|development|staging|test|debug|info|warn|warning|error|localhost|postgres|redis|mysql|http|https|utf-?8)$/i;
const minimumSecretLength = 4;

/** Values of the variables in `env` whose names look secret. */
export function secretNamedValues(env: Readonly<Record<string, string | null | undefined>>): string[] {
  return Object.entries(env).flatMap(([name, value]) => (isSecretName(name) && value ? [value] : []));
}

export function isRedactableValue(value: string): boolean {
  return value.length >= minimumSecretLength && !ordinaryValue.test(value.trim());
}

/**
 * Removes secrets from text and data before anything is printed or written. Known values (from
 * env files, secrets, variables with secret-looking names) are replaced wherever they appear;
 * on top, patterns catch what no list knows: credentials in URLs (`postgres://u:pass@`) and
 * `NAME=value` / `"NAME": "value"` pairs whose name looks secret.
 */
export interface Redactor {
  text(text: string): string;
  /** A deep copy of JSON-like data with every string redacted and secret-named keys blanked. */
  data<T>(value: T): T;
  /** How many distinct values it knows (for tests and `--debug`). */
  readonly knownValues: number;
}

export function createRedactor(values: Iterable<string>): Redactor {
  // Longest first, so a secret that contains another is replaced whole.
  const known = [...new Set([...values].filter(isRedactableValue))].sort((a, b) => b.length - a.length);
  const text = (input: string): string => redactPatterns(redactKnown(input, known));
  return { text, data: (value) => redactData(value, text), knownValues: known.length };
}

function redactKnown(input: string, known: readonly string[]): string {
  let output = input;
  for (const value of known) if (output.includes(value)) output = output.split(value).join(REDACTED);
  return output;
}

const urlCredentials = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*):([^\s@/'"]+)@/gi;
// The name must start a word that no `-`, `.`, `/` or `$` continues (so `db-credentials: x` and
// `${TOKEN}` are not pairs); a value that is itself a reference (`$VAR`) is left alone.
const assignment = /(?<![\w.$/-])([A-Za-z_][A-Za-z0-9_]*)(\s*=\s*|\s*:\s+|:)(?!\/\/)("[^"]*"|'[^']*'|[^\s,;&'"}$][^\s,;&'"}]*)/g;
const jsonPair = /"([A-Za-z_][A-Za-z0-9_.-]*)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;

function redactPatterns(input: string): string {
  return input
    .replace(urlCredentials, (_all, head: string) => `${head}:${REDACTED}@`)
    .replace(jsonPair, (all, name: string, colon: string, value: string) => (isSecretName(name) && value !== REDACTED ? `"${name}"${colon}"${REDACTED}"` : all))
    .replace(assignment, (all, name: string, sep: string, value: string) => (isSecretName(name) && !value.includes(REDACTED) ? `${name}${sep}${REDACTED}` : all));
}

function redactData<T>(value: T, text: (input: string) => string): T {
  return walk(value, text) as T;
}

function walk(value: unknown, text: (input: string) => string): unknown {
  if (typeof value === "string") return text(value);
  if (Array.isArray(value)) return value.map((item) => walk(item, text));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretName(key) && typeof item === "string" && item !== "" ? REDACTED : walk(item, text);
  }
  return out;
}
