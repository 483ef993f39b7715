import type { Location } from "../finding.js";

export interface EnvEntry {
  readonly key: string;
  readonly value: string;
  readonly at: Location;
}

export interface EnvFile {
  readonly path: string;
  readonly entries: readonly EnvEntry[];
}

const assignment = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

/**
 * Parses a `.env` file as compose reads it: `KEY=value`, optional `export`, single quotes are
 * literal, double quotes unescape and may span lines, an unquoted ` #` starts a comment.
 */
export function parseDotenv(path: string, text: string): EnvFile {
  const lines = text.split(/\r?\n/);
  const entries: EnvEntry[] = [];
  for (let index = 0; index < lines.length; index++) {
    const match = assignment.exec(lines[index] ?? "");
    if (!match) continue;
    const key = match[1] ?? "";
    const column = (lines[index] ?? "").indexOf(key) + 1;
    const { value, consumed } = readValue(match[2] ?? "", lines, index);
    entries.push({ key, value, at: { file: path, line: index + 1, column } });
    index += consumed;
  }
  return { path, entries };
}

function readValue(raw: string, lines: string[], index: number): { value: string; consumed: number } {
  const quote = raw[0];
  if (quote === "'" || quote === '"') return readQuoted(raw, lines, index, quote);
  return { value: raw.replace(/\s+#.*$/, "").trim(), consumed: 0 };
}

function readQuoted(raw: string, lines: string[], index: number, quote: string): { value: string; consumed: number } {
  let text = raw.slice(1);
  let consumed = 0;
  while (!hasClosing(text, quote) && index + consumed + 1 < lines.length) {
    consumed++;
    text += `\n${lines[index + consumed] ?? ""}`;
  }
  const end = closingIndex(text, quote);
  const body = end < 0 ? text : text.slice(0, end);
  return { value: quote === '"' ? unescapeDouble(body) : body, consumed };
}

const closingIndex = (text: string, quote: string) => {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\" && quote === '"') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
};
const hasClosing = (text: string, quote: string) => closingIndex(text, quote) >= 0;
const unescapeDouble = (body: string) => body.replace(/\\([nrt"\\$])/g, (_, char: string) => ({ n: "\n", r: "\r", t: "\t" })[char] ?? char);

/** The last value of each key, as compose resolves duplicates. */
export function envValues(file: EnvFile): Map<string, EnvEntry> {
  return new Map(file.entries.map((entry) => [entry.key, entry]));
}
