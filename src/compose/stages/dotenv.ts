import { statSync } from "node:fs";
import { ConfigError } from "../../common/errors.js";
import { maxEnvFileBytes, readBoundedText } from "./bounded-read.js";
import { substituteVariables, type VariableLookup } from "./template.js";

export interface DotenvOptions {
  /** Shown in messages; also the `file` of error locations. */
  readonly file?: string;
  /** Consulted for `${VAR}` before the keys already parsed, and for bare `KEY` lines. */
  readonly lookup?: VariableLookup;
  /** Values the parse starts from (and may overwrite); `${VAR}` sees them first. */
  readonly initial?: Readonly<Record<string, string>>;
}

export interface Dotenv {
  /** Every key of `initial` and of the text, in the order first seen; later lines win. */
  readonly values: Readonly<Record<string, string>>;
  /** Variables used unset without default while expanding values (with their line). */
  readonly unset: readonly { readonly name: string; readonly line: number }[];
  /** Each `KEY=value` statement in order, repeats included, with the key's position (for berth check). */
  readonly statements: readonly DotenvStatement[];
}

export interface DotenvStatement {
  readonly key: string;
  readonly value: string;
  readonly line: number;
  readonly column: number;
}

/** A `.env` or env_file line compose-go would refuse; the location names file and line. */
export class DotenvSyntaxError extends ConfigError {}

interface Cursor {
  readonly text: string;
  /** Offsets of every line break, to turn an offset into a line number. */
  readonly breaks: readonly number[];
  readonly options: DotenvOptions;
  readonly out: Map<string, string>;
  readonly unset: { name: string; line: number }[];
  readonly statements: DotenvStatement[];
  pos: number;
}

/**
 * Parses env-file text with compose-go's dotenv rules: `#` comments, `export`, `KEY=value` or
 * `KEY: value`, inline ` #` comments on unquoted values, single quotes literal, double quotes with
 * escapes, multi-line quoted values, `${VAR}` expansion in unquoted and double-quoted values.
 */
export function parseDotenv(text: string, options: DotenvOptions = {}): Dotenv {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const cursor: Cursor = {
    text: body,
    breaks: [...body.matchAll(/\n/g)].map((match) => match.index),
    options,
    out: new Map(Object.entries(options.initial ?? {})),
    unset: [],
    statements: [],
    pos: 0,
  };
  while (skipToStatement(cursor)) parseStatement(cursor);
  return { values: Object.fromEntries(cursor.out), unset: cursor.unset, statements: cursor.statements };
}

/** Reads and parses one env file; a missing or unreadable file is a ConfigError naming it. */
export function readDotenvFile(path: string, options: Omit<DotenvOptions, "file"> = {}): Dotenv {
  return parseDotenv(readEnvText(path), { ...options, file: path });
}

function readEnvText(path: string): string {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) {
    throw new ConfigError("compose.env-file-missing", `env file ${path} not found`, {
      hint: "create the file, fix the path, or mark it `required: false`",
    });
  }
  if (stat.isDirectory()) {
    throw new ConfigError("compose.env-file-invalid", `env file ${path} is a directory`, {
      hint: "point at a file",
    });
  }
  return readBoundedText(path, maxEnvFileBytes, "env file", { code: "compose.env-file-invalid", hint: "point at a regular env file of KEY=value lines" });
}

// Skips blank space and whole-line comments; false at the end of the text.
function skipToStatement(cursor: Cursor): boolean {
  for (;;) {
    while (cursor.pos < cursor.text.length && isBlank(cursor.text[cursor.pos] ?? "")) cursor.pos++;
    if (cursor.pos >= cursor.text.length) return false;
    if (cursor.text[cursor.pos] !== "#") return true;
    const newline = cursor.text.indexOf("\n", cursor.pos);
    if (newline < 0) return false;
    cursor.pos = newline;
  }
}

function parseStatement(cursor: Cursor): void {
  const line = lineAt(cursor, cursor.pos);
  const lineStart = line === 1 ? 0 : (cursor.breaks[line - 2] ?? -1) + 1;
  const { key, inherited, start } = readKey(cursor, line);
  const column = start - lineStart + 1;
  if (inherited) {
    const value = cursor.options.lookup?.(key);
    if (value !== undefined) cursor.out.set(key, value);
    if (value !== undefined) cursor.statements.push({ key, value, line, column });
    return;
  }
  const value = readValue(cursor, line);
  cursor.out.set(key, value);
  cursor.statements.push({ key, value, line, column });
}

function readKey(cursor: Cursor, line: number): { key: string; inherited: boolean; start: number } {
  const exported = /^export\s+/.exec(cursor.text.slice(cursor.pos, cursor.pos + 64));
  if (exported) cursor.pos = skipSpaces(cursor.text, cursor.pos + "export".length);
  const start = cursor.pos;
  let end = start;
  while (end < cursor.text.length && !"=:\n".includes(cursor.text[end] ?? "")) {
    const char = cursor.text[end] ?? "";
    if (!isSpace(char) && !isKeyChar(char)) throw unexpectedCharacter(cursor, char, line, start);
    end++;
  }
  const terminator = cursor.text[end];
  const key = cursor.text.slice(start, end).trimEnd();
  if (key.includes(" ")) throw syntaxError(cursor, line, "key cannot contain a space");
  cursor.pos = skipSpaces(cursor.text, Math.min(end + 1, cursor.text.length));
  return { key, inherited: terminator === "\n" || terminator === undefined, start };
}

function readValue(cursor: Cursor, line: number): string {
  const quote = cursor.text[cursor.pos];
  if (quote === '"' || quote === "'") return readQuoted(cursor, quote, line);
  const newline = cursor.text.indexOf("\n", cursor.pos);
  const end = newline < 0 ? cursor.text.length : newline;
  const raw = cursor.text.slice(cursor.pos, end);
  cursor.pos = newline < 0 ? end : end + 1;
  const uncommented = raw.includes(" #") ? raw.slice(0, raw.indexOf(" #")) : raw;
  return expand(cursor, uncommented.replace(/\s+$/u, ""), line);
}

// Up to the closing quote: an escaped quote loses its backslash, other escapes are kept for later.
function readQuoted(cursor: Cursor, quote: string, line: number): string {
  let raw = "";
  for (let i = cursor.pos + 1; i < cursor.text.length; i++) {
    const char = cursor.text[i] ?? "";
    if (char === "\\" && i + 1 < cursor.text.length) {
      const next = cursor.text[++i] ?? "";
      raw += next === quote ? next : `\\${next}`;
    } else if (char === quote) {
      cursor.pos = i + 1;
      return quote === '"' ? expand(cursor, expandEscapes(raw), line) : raw;
    } else raw += char;
  }
  const rest = cursor.text.slice(cursor.pos).split("\n")[0] ?? "";
  throw syntaxError(cursor, line, `unterminated quoted value ${rest}`);
}

function expand(cursor: Cursor, value: string, line: number): string {
  // compose-go asks the lookup (shell, project) first, then the keys parsed so far.
  const lookup = (name: string): string | undefined => cursor.options.lookup?.(name) ?? cursor.out.get(name);
  try {
    const result = substituteVariables(value, lookup);
    for (const name of result.unset) cursor.unset.push({ name, line });
    return result.value;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new DotenvSyntaxError(error.code, `${where(cursor, line)}: ${error.message}`, {
      ...(cursor.options.file === undefined
        ? {}
        : { location: { file: cursor.options.file, line, column: 1 } }),
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      cause: error,
    });
  }
}

const simpleEscapes: Readonly<Record<string, string>> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  '"': '"',
  "\\": "\\",
};

// Go-style escapes inside double quotes; `\$` becomes `$$` so the `$` stays literal.
function expandEscapes(raw: string): string {
  return raw.replace(/\\(?:[abcfnrtv$"\\]|0\d{0,3})/g, (match) => {
    const code = match.slice(1);
    if (code === "$") return "$$";
    if (code.startsWith("0")) return octalEscape(code.slice(1));
    return simpleEscapes[code] ?? match;
  });
}

function octalEscape(digits: string): string {
  if (/^[0-7]{3}$/.test(digits) && parseInt(digits, 8) <= 0xff)
    return String.fromCharCode(parseInt(digits, 8));
  return `\\${digits}`;
}

function unexpectedCharacter(cursor: Cursor, char: string, line: number, start: number): DotenvSyntaxError {
  const statement = cursor.text.slice(start).split("\n")[0] ?? "";
  return syntaxError(
    cursor,
    line,
    `unexpected character ${JSON.stringify(char)} in variable name ${JSON.stringify(statement)}`,
  );
}

function syntaxError(cursor: Cursor, line: number, problem: string): DotenvSyntaxError {
  return new DotenvSyntaxError("compose.env-file-syntax", `${where(cursor, line)}: ${problem}`, {
    ...(cursor.options.file === undefined
      ? {}
      : { location: { file: cursor.options.file, line, column: 1 } }),
    hint: "env files hold one KEY=value per line; quote values with spaces or special characters",
  });
}

function where(cursor: Cursor, line: number): string {
  return `${cursor.options.file ?? "env file"}: line ${line}`;
}

// 1 + the number of line breaks before the offset (binary search).
function lineAt(cursor: Cursor, offset: number): number {
  let [low, high] = [0, cursor.breaks.length];
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((cursor.breaks[middle] ?? Infinity) < offset) low = middle + 1;
    else high = middle;
  }
  return low + 1;
}

function skipSpaces(text: string, from: number): number {
  let pos = from;
  while (pos < text.length && isSpace(text[pos] ?? "")) pos++;
  return pos;
}

// Space inside a line (compose-go's isSpace): not a line break.
function isSpace(char: string): boolean {
  return "\t\v\f\r \u0085\u00a0".includes(char) && char !== "";
}

function isBlank(char: string): boolean {
  return /\s/u.test(char) || char === "\u0085";
}

function isKeyChar(char: string): boolean {
  return /^[\p{L}\p{N}_.\-[\]]$/u.test(char);
}
