/** What replaces a secret in every output. */
export const REDACTED = "***";

/** Variable names that hold secrets by convention: `DB_PASSWORD`, `API_KEY`, `GITHUB_TOKEN`, ... */
const secretName = /(PASSW(OR)?D|PASSPHRASE|SECRET|TOKEN|(^|_)KEY($|_)|API_?KEY|PRIVATE|CREDENTIAL|AUTHORIZATION|(^|_)AUTH($|_)|_PWD($|_)|DSN|SALT)/i;

export function isSecretName(name: string): boolean {
  return secretName.test(name) && !/(^|_)(FILE|PATH|DIR|SOCK(ET)?|HOST|PORT|USER(NAME)?|ID|URL|URI|ENDPOINT)$/i.test(name);
}

/**
 * Names whose values are identifiers or settings users must be able to read in evidence: a user
 * or database name, a host, a port, a path, an image. An env file's value under such a name is
 * not a secret (`POSTGRES_USER=smalltalk` must not turn project `ux-smalltalk` into `ux-***`).
 */
const plainName = /(^|_)(USER(NAME)?|LOGIN|OWNER|ROLE|NAME|DB|DATABASE|SCHEMA|HOST(NAME)?|ADDR(ESS)?|PORT|PATH|DIR|FILE|URL|URI|ENDPOINT|IMAGE|TAG|VERSION|ENV|ENVIRONMENT|MODE|LEVEL|TZ|LANG|LOCALE|DOMAIN|ORIGIN|REGION|EMAIL|ID|PROFILE|WORKERS|TIMEOUT|DEBUG)$/i;

export function isPlainSettingName(name: string): boolean {
  return !isSecretName(name) && plainName.test(name);
}

// Values this short or this ordinary are configuration, not secrets: redacting `1`, `true` or
// `postgres` everywhere would garble every output while hiding nothing. Numbers up to five digits
// are ports and counts; a longer one may be a PIN.
const ordinaryValue = /^(\d{1,5}(\.\d+)?|true|false|yes|no|on|off|null|none|nil|undefined|production|development|staging|test|debug|info|warn|warning|error|localhost|postgres|redis|mysql|http|https|utf-?8)$/i;
const minimumSecretLength = 4;

/** Values of the variables in `env` whose names look secret. */
export function secretNamedValues(env: Readonly<Record<string, string | null | undefined>>): string[] {
  return Object.entries(env).flatMap(([name, value]) => (isSecretName(name) && value ? [value] : []));
}

// An absolute path is where something is, never the secret itself (`SSH_AUTH_SOCK=/tmp/ssh-x/agent.1`).
const absolutePath = /^(\/[\w.@+-]+)+\/?$/;

export function isRedactableValue(value: string): boolean {
  const trimmed = value.trim();
  return value.length >= minimumSecretLength && !ordinaryValue.test(trimmed) && !absolutePath.test(trimmed);
}

/**
 * Removes secrets from text and data before anything is printed or written. Known values (from
 * env files, secrets, variables with secret-looking names) are replaced wherever they stand as a
 * whole word, also in their JSON-escaped and URL-encoded forms; on top, patterns catch what no
 * list knows: credentials in URLs (`postgres://u:pass@`), values passed as passwords
 * (`--requirepass x`, `mysql -px`, `redis-cli -a x`) and `NAME=value` / `"NAME": "value"` pairs
 * whose name looks secret.
 */
export interface Redactor {
  text(text: string): string;
  /** A deep copy of JSON-like data with every string redacted and secret-named keys blanked. */
  data<T>(value: T): T;
  /** How many distinct values it knows (for tests and `--debug`). */
  readonly knownValues: number;
}

export function createRedactor(values: Iterable<string>): Redactor {
  const known = [...new Set([...values].filter(isRedactableValue))];
  const matcher = knownValuesPattern(known);
  const text = (input: string): string => redactPatterns(matcher ? input.replace(matcher, REDACTED) : input);
  return { text, data: (value) => redactData(value, text), knownValues: known.length };
}

// A known value counts only as a whole word: never the `smalltalk` of `ux-smalltalk` or the
// `token` of `default_token_generator`. The letter ending an escape is no word: `\ncanary` in
// JSON text and `ESC[32mcanary` in a coloured log line still hide the canary.
const wordBefore = String.raw`(?<![A-Za-z0-9_-](?<!\\[nrtbf]|\x1b\[[0-9;]*m|\\u001b\[[0-9;]*m))`;
const wordAfter = "(?![A-Za-z0-9_-])";

function knownValuesPattern(known: readonly string[]): RegExp | undefined {
  const forms = new Set<string>();
  for (const value of known) for (const form of [value, value.trim(), jsonEscaped(value), encodeURIComponent(value)]) if (isRedactableValue(form)) forms.add(form);
  if (forms.size === 0) return undefined;
  // Longest first, so a secret that contains another is replaced whole.
  const alternatives = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(`${wordBefore}(?:${alternatives.join("|")})${wordAfter}`, "g");
}

function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

const urlCredentials = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*):([^\s@/'"]+)@/gi;
// Values handed to a program as its password: redis-server's `--requirepass`/`--masterauth`,
// `--password x`/`--password=x`, mysql's `-px` (glued), redis-cli's `-a x`.
// In a shell line or a JSON array alike: `--requirepass x`, `"--requirepass", "x"`, `-px`, `"-px"`.
const argumentGap = `(?:=|\\s+|["']\\s*,\\s*["'])`;
const bareArgument = `("[^"]*"|'[^']*'|[^\\s"',;\\]]+)`;
const passwordOption = new RegExp(`(--(?:requirepass|masterauth|password|passwd|auth-token)${argumentGap})${bareArgument}`, "gi");
const mysqlGluedPassword = /(\b(?:mysql|mysqladmin|mysqldump|mariadb|mariadb-admin|mariadb-dump)\b[^\n;|&]*?[\s"',[]-p)([^\s"',;\]]+)/g;
const redisCliPassword = new RegExp(`(\\bredis-cli\\b[^\\n;|&]*?[\\s"',[]-a(?:\\s+|["']\\s*,\\s*["']))${bareArgument}`, "g");
// The name must start a word that no `-`, `.`, `/` or `$` continues (so `db-credentials: x` and
// `${TOKEN}` are not pairs); a value that is itself a reference (`$VAR`) is left alone.
const assignment = /(?<![\w.$/-])([A-Za-z_][A-Za-z0-9_]*)(\s*=\s*|\s*:\s+|:)(?!\/\/)("[^"]*"|'[^']*'|[^\s,;&'"}$][^\s,;&'"}]*)/g;
const jsonPair = /"([A-Za-z_][A-Za-z0-9_.-]*)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
// Source code, not a value: `default_token_generator = PasswordResetTokenGenerator()`,
// `SECRET_KEY = os.environ["SECRET_KEY"]`, `token: process.env.TOKEN`.
const codeValue = /^[A-Za-z_][\w.]*(\(|\[)|^(process\.env|os\.environ|os\.getenv|env\.|settings\.|config\.)/;

function redactPatterns(input: string): string {
  return input
    .replace(urlCredentials, (_all, head: string) => `${head}:${REDACTED}@`)
    .replace(passwordOption, (all, head: string, value: string) => (isPasswordValue(value) ? `${head}${REDACTED}${trailingEscape(value)}` : all))
    .replace(mysqlGluedPassword, (all, head: string, value: string) => (isPasswordValue(value) ? `${head}${REDACTED}${trailingEscape(value)}` : all))
    .replace(redisCliPassword, (all, head: string, value: string) => (isPasswordValue(value) ? `${head}${REDACTED}${trailingEscape(value)}` : all))
    .replace(jsonPair, (all, name: string, colon: string, value: string) => (isSecretName(name) && isPairValue(value) ? `"${name}"${colon}"${REDACTED}"` : all))
    .replace(assignment, (all, name: string, sep: string, value: string) => (isSecretName(name) && isPairValue(value) ? `${name}${sep}${REDACTED}${trailingEscape(value)}` : all));
}

/**
 * A bare value stops before a quote; in JSON text the backslash escaping that quote is still part
 * of it (`PASSWORD=pw\"` inside a JSON string). Replacing it would unescape the quote and break
 * the JSON, so the escaping backslash (an odd run at the end) stays after the mask.
 */
function trailingEscape(value: string): string {
  const run = /\\+$/.exec(value)?.[0] ?? "";
  return run.length % 2 === 1 ? "\\" : "";
}

function isPasswordValue(value: string): boolean {
  return !value.includes(REDACTED) && !value.startsWith("$") && !value.startsWith("-");
}

// A hint's placeholder (`one KEY=value per line`, `TOKEN=<token>`) shows a form, not a value.
const placeholderValue = /^(value|<[^<>]*>|\.\.\.|x{3,})$/i;

function isPairValue(value: string): boolean {
  const bare = value.replace(/^["']|["']$/g, "");
  // `${DB_PASSWORD:?set it in .env}` is a reference with its error message, not a value.
  return !value.includes(REDACTED) && /[A-Za-z0-9]/.test(bare) && !bare.startsWith("?") && !codeValue.test(bare) && !/^(\d{1,5}|true|false|null|none|nil|undefined)$/i.test(bare) && !placeholderValue.test(bare);
}

/** Passwords a command line hands to a program (`--requirepass x`, `-px`, `-a x`), to know them everywhere. */
export function passwordArguments(commandLine: string): string[] {
  const found: string[] = [];
  for (const pattern of [passwordOption, mysqlGluedPassword, redisCliPassword]) {
    for (const match of commandLine.matchAll(pattern)) {
      const value = (match[2] ?? "").replace(/^["']|["']$/g, "");
      if (!isPasswordValue(value) || value === "") continue;
      // A glued `-pvalue` is one word: the value alone never matches inside it.
      found.push(value, ...(pattern === mysqlGluedPassword ? [`-p${value}`] : []));
    }
  }
  return found;
}

/** Passwords inside URLs (`postgres://app:pw@db/app` gives `pw`), decoded. */
export function urlPasswords(text: string): string[] {
  return [...text.matchAll(urlCredentials)].flatMap((match) => {
    const password = match[2] ?? "";
    try {
      return [password, decodeURIComponent(password)];
    } catch {
      return [password];
    }
  });
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
