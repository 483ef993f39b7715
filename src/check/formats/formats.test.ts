import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as ajvDraft04 from "ajv-draft-04";
import * as ajvFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { memoryFileTree } from "../files/memory-file-tree.js";
import type { Finding } from "../finding.js";
import { allRules } from "../rules/index.js";
import { formatJson } from "./json.js";
import { formatSarif } from "./sarif.js";
import { formatText } from "./text.js";

const findings: Finding[] = [
  { rule: "placeholder-secret", severity: "error", file: ".env", line: 2, column: 1, message: "JWT_SECRET is a placeholder", hint: "generate one" },
  { rule: "image-unpinned", severity: "warning", file: "compose.yaml", line: 3, column: 12, message: 'image "redis" is not pinned', hint: "pin it" },
  { rule: "healthcheck-missing", severity: "info", file: "compose.yaml", line: 2, column: 3, message: "no healthcheck", hint: "add one" },
];

// The SARIF 2.1.0 JSON schema as shipped by Microsoft's @microsoft/jest-sarif (draft-04; one of its
// patterns is not valid under the u flag, hence unicodeRegExp: false).
function sarifValidator() {
  const require = createRequire(import.meta.url);
  const schemaPath = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
  // Both packages are CommonJS that also set `exports.default`, so `.default.default` is the export under Node and TypeScript alike.
  const ajv = new ajvDraft04.default.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")) as object);
}

describe("formats", () => {
  it("text groups by file and shows the offending line with a caret", () => {
    const files = memoryFileTree({ "/p/compose.yaml": "services:\n  cache:\n    image: redis\n", "/p/.env": "A=1\nJWT_SECRET=changeme\n" });
    const text = formatText(findings, files, "/p");
    expect(text).toContain(".env\n  2:1  error  JWT_SECRET is a placeholder  [placeholder-secret]\n      | JWT_SECRET=changeme\n      | ^\n      hint: generate one\n");
    expect(text).toContain("      |     image: redis\n      |            ^\n");
    expect(text).toMatch(/3 findings: 1 error\(s\), 1 warning\(s\), 1 info\n$/);
  });
  it("json is an object with a findings array of the documented keys", () => {
    const parsed = JSON.parse(formatJson(findings)) as { findings: Record<string, unknown>[] };
    expect(Object.keys(parsed.findings[0]!)).toEqual(["rule", "severity", "file", "line", "column", "message", "hint"]);
    expect(parsed.findings).toHaveLength(3);
  });
  it("sarif validates against the SARIF 2.1.0 schema and maps info to note", () => {
    const log = JSON.parse(formatSarif(findings, allRules, "0.1.0")) as { runs: { results: { level: string; ruleIndex: number }[]; tool: { driver: { rules: { id: string }[] } } }[] };
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0]!.results.map((result) => result.level)).toEqual(["error", "warning", "note"]);
    const rules = log.runs[0]!.tool.driver.rules;
    expect(log.runs[0]!.results.map((result) => rules[result.ruleIndex]!.id)).toEqual(["placeholder-secret", "image-unpinned", "healthcheck-missing"]);
  });
  it("sarif reports suppressed findings with their justification", () => {
    const suppressed = [{ finding: findings[0]!, justification: "rotated, kept for the demo" }];
    const log = JSON.parse(formatSarif(findings.slice(1), allRules, "0.1.0", suppressed)) as { runs: { results: { ruleId: string; suppressions?: unknown[] }[] }[] };
    expect(sarifValidator()(log)).toBe(true);
    expect(log.runs[0]!.results.at(-1)).toMatchObject({ ruleId: "placeholder-secret", suppressions: [{ kind: "inSource", justification: "rotated, kept for the demo" }] });
  });
  it("sarif of no findings is still a valid log", () => {
    const validate = sarifValidator();
    expect(validate(JSON.parse(formatSarif([], allRules, "0.1.0")))).toBe(true);
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: {} } }] })).toBe(false);
  });
});
