import { describe, expect, it } from "vitest";
import { explainRule, listRules } from "./explain.js";
import { memoryFileTree } from "./files/memory-file-tree.js";
import { defineRule } from "./rule.js";
import { createSuppressionCheck } from "./suppressions.js";

const compose = [
  "services:",
  "  api: # berth-ignore image-unpinned, runs-as-root: the vendor image needs root",
  "    image: vendor/app",
  "  # berth-ignore all reviewed in #123",
  "  db:",
  "    image: postgres",
  "  web:  # berth-ignore logging-unbounded",
  "\r",
  "  cache:",
].join("\r\n");
const suppressed = createSuppressionCheck(memoryFileTree({ "/p/compose.yaml": compose }));
const at = (line: number) => ({ file: "/p/compose.yaml", line, column: 3 });

describe("# berth-ignore comments", () => {
  it("silence the named rules on their line, with the text after the ids as the justification", () => {
    expect(suppressed("image-unpinned", at(2))).toBe("the vendor image needs root");
    expect(suppressed("runs-as-root", at(2))).toBe("the vendor image needs root");
    expect(suppressed("healthcheck-missing", at(2))).toBeUndefined();
  });

  it("silence the line below too, and every rule with `all`", () => {
    expect(suppressed("image-unpinned", at(3))).toBe("the vendor image needs root");
    expect(suppressed("anything-at-all", at(5))).toBe("reviewed in #123");
  });

  it("give an empty justification when none is written, and reach no further than one line", () => {
    expect(suppressed("logging-unbounded", at(7))).toBe("");
    expect(suppressed("logging-unbounded", at(8))).toBe("");
    expect(suppressed("logging-unbounded", at(9))).toBeUndefined();
  });

  it("find nothing in a file the tree does not hold, or past its end", () => {
    expect(suppressed("image-unpinned", { file: "/p/absent.yaml", line: 1, column: 1 })).toBeUndefined();
    expect(suppressed("image-unpinned", at(500))).toBeUndefined();
  });
});

describe("rule documentation in the terminal", () => {
  const rule = defineRule({ id: "demo-rule", group: "compose", severity: "warning", title: "a demo", doc: { why: "it breaks", example: "services:\n  a: {}", fix: "add b" }, check: () => undefined });

  it("explains a rule: why, an indented example, the fix, and how to silence or disable it", () => {
    const text = explainRule(rule);
    expect(text.split("\n").slice(0, 11)).toEqual(["demo-rule (warning, compose): a demo", "", "Why it matters", "  it breaks", "", "Example", "    services:", "      a: {}", "", "Fix", "  add b"]);
    expect(text).toContain("# berth-ignore demo-rule <reason>");
    expect(text).toContain("x-berth: { check: { disable: [demo-rule] } }");
  });

  it("lists rules in aligned columns", () => {
    const other = { ...rule, id: "x", severity: "error" as const, group: "nginx" as const, title: "other" };
    expect(listRules([rule, other])).toBe("demo-rule  warning  compose       a demo\nx          error    nginx         other\n");
  });
});
