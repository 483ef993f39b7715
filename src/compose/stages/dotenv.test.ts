import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DotenvSyntaxError, parseDotenv, readDotenvFile } from "./dotenv.js";
import { lookupIn } from "./template.js";

const parse = (text: string, shell: Record<string, string> = {}) =>
  parseDotenv(text, { lookup: lookupIn(shell) }).values;

describe("parseDotenv: syntax", () => {
  it("reads comments, export, inline comments, spaces around =, empty values and the KEY: value form", () => {
    const text = [
      "# database settings",
      "   # indented comment",
      "export DB_HOST=db.internal",
      "export\tDB_PORT=5432",
      "CACHE_URL=redis://cache:6379 # the cache",
      "HASH_IN_VALUE=abc#def",
      "SPACED = around equals ",
      "EMPTY=",
      "EMPTY_QUOTED=''",
      "YAML_STYLE: yes please",
      "YAML_EQUALS: a=b",
      "COLON_VALUE=host:port",
      "TRAILING_HASH=value #",
      "",
      "\r",
      "LAST=end",
    ].join("\n");
    expect(parse(text)).toEqual({
      DB_HOST: "db.internal",
      DB_PORT: "5432",
      CACHE_URL: "redis://cache:6379",
      HASH_IN_VALUE: "abc#def",
      SPACED: "around equals",
      EMPTY: "",
      EMPTY_QUOTED: "",
      YAML_STYLE: "yes please",
      YAML_EQUALS: "a=b",
      COLON_VALUE: "host:port",
      TRAILING_HASH: "value",
      LAST: "end",
    });
  });

  it("keeps names that merely start with export, and names with dots, dashes and brackets", () => {
    expect(parse("exportFOO=1\nexport_BAR =2\nexport.BAZ= 3\nA.B-C[0]=4")).toEqual({
      exportFOO: "1",
      export_BAR: "2",
      "export.BAZ": "3",
      "A.B-C[0]": "4",
    });
  });

  it("keeps `#` and escapes in quotes, and takes comments after the closing quote", () => {
    const text = `A="bar#baz" # comment\nB='ba#r'\nC="x"#\nD="'d'"\nE='say "hi"'`;
    expect(parse(text)).toEqual({ A: "bar#baz", B: "ba#r", C: "x", D: "'d'", E: 'say "hi"' });
  });

  it("treats a space-hash right after = as the value, as compose-go does", () => {
    expect(parse("A= # not a comment")).toEqual({ A: "# not a comment" });
  });

  it("expands escapes in double quotes only", () => {
    const text = [
      String.raw`DQ="line1\nline2\ttab \"quoted\" back\\slash"`,
      String.raw`SQ='line1\nline2'`,
      String.raw`UQ=line1\nline2`,
      String.raw`OCTAL="\0123"`,
      String.raw`UNKNOWN="\x07 \u12e4 \q"`,
      String.raw`KEEP="bar\n\ b\az"`,
    ].join("\n");
    expect(parse(text)).toEqual({
      DQ: 'line1\nline2\ttab "quoted" back\\slash',
      SQ: "line1\\nline2",
      UQ: "line1\\nline2",
      OCTAL: "S",
      UNKNOWN: "\\x07 \\u12e4 \\q",
      KEEP: "bar\n\\ b\x07z",
    });
  });

  it("ends a double-quoted value after an escaped backslash", () => {
    expect(parse(String.raw`A="path\\"` + "\nB=1")).toEqual({ A: "path\\", B: "1" });
  });

  it("reads multi-line quoted values", () => {
    const text = "CERT=\"-----BEGIN-----\nabc\n-----END-----\"\nSINGLE='one\ntwo'\nAFTER=1";
    expect(parse(text)).toEqual({
      CERT: "-----BEGIN-----\nabc\n-----END-----",
      SINGLE: "one\ntwo",
      AFTER: "1",
    });
  });

  it("handles CRLF line endings and a UTF-8 byte order mark", () => {
    expect(parse('\uFEFFA=1\r\nB="2"\r\nC=3')).toEqual({ A: "1", B: "2", C: "3" });
  });

  it("later lines win", () => {
    expect(parse("A=1\nA=2")).toEqual({ A: "2" });
  });

  it("keeps a `__proto__` name as an ordinary key", () => {
    const values = parse("__proto__=x\nA=1");
    expect(Object.keys(values)).toEqual(["__proto__", "A"]);
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
  });

  it("accepts an empty name, as compose-go does", () => {
    expect(parse('="value"')).toEqual({ "": "value" });
  });
});

describe("parseDotenv: bare names", () => {
  it("take their value from the lookup, or are left out", () => {
    expect(parse("FROM_SHELL\nMISSING\nOTHER=1\nLAST", { FROM_SHELL: "s", LAST: "l" })).toEqual({
      FROM_SHELL: "s",
      OTHER: "1",
      LAST: "l",
    });
  });
});

describe("parseDotenv: expansion", () => {
  it("expands earlier keys, the lookup and defaults in unquoted and double-quoted values", () => {
    const text = [
      "BASE_DOMAIN=example.test",
      "API_HOST=api.${BASE_DOMAIN}",
      'CDN_HOST="cdn.${BASE_DOMAIN}"',
      "RAW_HOST='raw.${BASE_DOMAIN}'",
      "PORT_SETTING=${API_PORT:-8443}",
      "GREETING=hello-${VISITOR}",
      'ESCAPED="cost \\$5 and $$HOME"',
    ].join("\n");
    expect(parse(text, { VISITOR: "ana" })).toEqual({
      BASE_DOMAIN: "example.test",
      API_HOST: "api.example.test",
      CDN_HOST: "cdn.example.test",
      RAW_HOST: "raw.${BASE_DOMAIN}",
      PORT_SETTING: "8443",
      GREETING: "hello-ana",
      ESCAPED: "cost $5 and $HOME",
    });
  });

  it("asks the lookup before the keys of the file (compose-go precedence)", () => {
    expect(parse("A=1\nB=${A}\nC=${A:-x}_${A}", { A: "5" })).toEqual({ A: "1", B: "5", C: "5_5" });
  });

  it("sees `initial` values and may overwrite them", () => {
    const result = parseDotenv("QUEUE=${ROLE}-jobs\nROLE=worker", { initial: { ROLE: "billing" } });
    expect(result.values).toEqual({ ROLE: "worker", QUEUE: "billing-jobs" });
  });

  it("reports unset variables with their line", () => {
    expect(parseDotenv("A=1\n\nB=${NOPE}-${ALSO}").unset).toEqual([
      { name: "NOPE", line: 3 },
      { name: "ALSO", line: 3 },
    ]);
  });
});

describe("parseDotenv: errors name the file and line", () => {
  const fail = (text: string) => () => parseDotenv(text, { file: "/p/.env" });

  it("rejects a name with a space", () => {
    expect(fail("A=1\n\n# c\nMY KEY=1")).toThrow("/p/.env: line 4: key cannot contain a space");
    expect(fail("A=1\nMY KEY=1")).toThrow(
      expect.objectContaining({ location: { file: "/p/.env", line: 2, column: 1 } }),
    );
  });

  it("rejects unexpected characters in a name", () => {
    expect(fail("lol$wut")).toThrow(DotenvSyntaxError);
    expect(fail("lol$wut")).toThrow('line 1: unexpected character "$" in variable name "lol$wut"');
  });

  it.each([
    `KEY="`,
    `KEY="value`,
    `KEY="value\\"`,
    `KEY="value'`,
    `KEY='`,
    `KEY='value`,
    `KEY='value\\'`,
    `KEY='value"`,
  ])("rejects the unterminated %s", (text) => {
    expect(fail(text)).toThrow("unterminated quoted value");
  });

  it("reports required variables and invalid templates with the line", () => {
    expect(fail("A=1\nB=${NEEDED:?set it}")).toThrow(
      "/p/.env: line 2: required variable NEEDED is missing a value: set it",
    );
    expect(fail("A=${ bad }")).toThrow(expect.objectContaining({ code: "compose.invalid-template" }));
  });
});

describe("readDotenvFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-dotenv-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a file", () => {
    writeFileSync(join(dir, "app.env"), "A=1\n");
    expect(readDotenvFile(join(dir, "app.env")).values).toEqual({ A: "1" });
  });

  it("names a missing file", () => {
    expect(() => readDotenvFile(join(dir, "nope.env"))).toThrow(
      expect.objectContaining({ code: "compose.env-file-missing" }),
    );
    expect(() => readDotenvFile(join(dir, "nope.env"))).toThrow(join(dir, "nope.env"));
  });

  it("refuses a directory", () => {
    mkdirSync(join(dir, "folder.env"), { recursive: true });
    expect(() => readDotenvFile(join(dir, "folder.env"))).toThrow("is a directory");
  });
});
