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
