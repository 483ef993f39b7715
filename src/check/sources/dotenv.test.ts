import { describe, expect, it } from "vitest";
import { envValues, parseDotenv } from "./dotenv.js";

describe("parseDotenv", () => {
  it("reads compose's .env forms with positions", () => {
    const file = parseDotenv("/p/.env", '# c\nexport A=1\nB="two\\nlines" \nC=\'lit $x\'\nD=plain # comment\nE="multi\nline"\nA=override\n');
    expect(Object.fromEntries([...envValues(file)].map(([key, entry]) => [key, entry.value]))).toEqual({ A: "override", B: "two\nlines", C: "lit $x", D: "plain", E: "multi\nline" });
    expect(file.entries[0]).toMatchObject({ key: "A", at: { line: 2, column: 8 } });
    expect(file.entries.at(-1)).toMatchObject({ key: "A", at: { line: 8 } });
  });
});

describe("parseDotenv through the loader's parser", () => {
  it("reads KEY: value and expands ${VAR} from earlier keys, as compose does", () => {
    const file = parseDotenv("/p/.env", "HOST=db\nURL=postgres://${HOST}:5432/app\nMODE: prod\n");
    expect(Object.fromEntries([...envValues(file)].map(([key, entry]) => [key, entry.value]))).toEqual({ HOST: "db", URL: "postgres://db:5432/app", MODE: "prod" });
    expect(file.entries[2]).toMatchObject({ key: "MODE", at: { file: "/p/.env", line: 3, column: 1 } });
  });
  it("has no entries for a file compose refuses (the loader reports it)", () => {
    expect(parseDotenv("/p/.env", "BAD KEY=1\n").entries).toEqual([]);
  });
});
