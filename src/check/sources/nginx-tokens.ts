/** A word of an nginx config, or one of the punctuation tokens `;`, `{`, `}`. */
export interface NginxToken {
  readonly value: string;
  /** Quoted words are never punctuation, even when they read `;` or `{`. */
  readonly quoted: boolean;
  readonly line: number;
  readonly column: number;
}

const isSpace = (char: string) => char === " " || char === "\t" || char === "\r" || char === "\n";
const isPunctuation = (char: string) => char === ";" || char === "{" || char === "}";

/**
 * Splits nginx config text into tokens the way nginx's own `ngx_conf_read_token` does: whitespace
 * separates words, `#` starts a comment only at a word boundary, quotes group and `\` escapes, and
 * `${name}` keeps its braces inside a word.
 */
export function tokenizeNginx(text: string): NginxToken[] {
  const tokens: NginxToken[] = [];
  const cursor = { index: 0, line: 1, column: 1 };
  const advance = () => {
    if (text[cursor.index] === "\n") Object.assign(cursor, { line: cursor.line + 1, column: 1 });
    else cursor.column++;
    cursor.index++;
  };
  while (cursor.index < text.length) {
    const char = text[cursor.index] ?? "";
    if (isSpace(char)) advance();
    else if (char === "#") while (cursor.index < text.length && text[cursor.index] !== "\n") advance();
    else if (isPunctuation(char)) {
      tokens.push({ value: char, quoted: false, line: cursor.line, column: cursor.column });
      advance();
    } else tokens.push(readWord(text, cursor, advance));
  }
  return tokens;
}

interface Cursor {
  index: number;
  line: number;
  column: number;
}

function readWord(text: string, cursor: Cursor, advance: () => void): NginxToken {
  const start = { line: cursor.line, column: cursor.column };
  const quote = text[cursor.index];
  if (quote === '"' || quote === "'") return readQuoted(text, cursor, advance, quote, start);
  let value = "";
  while (cursor.index < text.length) {
    const char = text[cursor.index] ?? "";
    if (isSpace(char) || char === ";" || char === "}" || (char === "{" && !value.endsWith("$"))) break;
    if (char === "\\" && cursor.index + 1 < text.length) {
      value += char;
      advance();
    } else if (char === "{") {
      value += readVariableBraces(text, cursor, advance);
      continue;
    }
    value += text[cursor.index] ?? "";
    advance();
  }
  return { value, quoted: false, ...start };
}

function readVariableBraces(text: string, cursor: Cursor, advance: () => void): string {
  let value = "";
  while (cursor.index < text.length && text[cursor.index] !== "}") {
    value += text[cursor.index] ?? "";
    advance();
  }
  if (cursor.index < text.length) {
    value += "}";
    advance();
  }
  return value;
}

function readQuoted(text: string, cursor: Cursor, advance: () => void, quote: string, start: { line: number; column: number }): NginxToken {
  advance();
  let value = "";
  while (cursor.index < text.length && text[cursor.index] !== quote) {
    if (text[cursor.index] === "\\" && text[cursor.index + 1] === quote) advance();
    value += text[cursor.index] ?? "";
    advance();
  }
  advance();
  return { value, quoted: true, ...start };
}
