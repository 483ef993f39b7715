import { describe, expect, it } from "vitest";
import { explainRule, listRules } from "./explain.js";
import { allRules, findRule } from "./rules/index.js";
import { healthcheckTiming } from "./rules/healthcheck-timing.js";

describe("explainRule", () => {
  it("prints the rule's head, why, its example indented, the fix, and how to silence or configure it", () => {
    const lines = explainRule(healthcheckTiming).split("\n");
    expect(lines[0]).toBe("healthcheck-timing (info, compose): Healthcheck timing that cannot work as meant");
    expect(lines.slice(1, 4)).toEqual(["", "Why it matters", `  ${healthcheckTiming.doc.why}`]);
    const example = lines.indexOf("Example");
    const exampleLines = healthcheckTiming.doc.example.split("\n");
    expect(lines.slice(example + 1, example + 1 + exampleLines.length)).toEqual(exampleLines.map((line) => `    ${line}`));
    expect(lines).toContain(`  ${healthcheckTiming.doc.fix}`);
    expect(lines).toContain("Silence one finding with a comment on its line or the line above: # berth-ignore healthcheck-timing <reason>");
    expect(lines).toContain("Turn it off or change its severity in the compose file: x-berth: { check: { disable: [healthcheck-timing] } }");
  });

  it("has every part for every rule: no rule ships without why, example and fix", () => {
    for (const rule of allRules) {
      const text = explainRule(rule);
      expect(rule.doc.why.trim(), rule.id).not.toBe("");
      expect(rule.doc.example.trim(), rule.id).not.toBe("");
      expect(rule.doc.fix.trim(), rule.id).not.toBe("");
      expect(text.startsWith(`${rule.id} (${rule.severity}, ${rule.group}): `), rule.id).toBe(true);
    }
  });
});

describe("listRules", () => {
  it("prints one aligned line per rule: id, severity, group, title", () => {
    const rules = [healthcheckTiming, findRule("undefined-reference")!];
    expect(listRules(rules)).toBe(
      "healthcheck-timing   info     compose       Healthcheck timing that cannot work as meant\n" +
        "undefined-reference  error    compose       Reference to an undefined service, volume, network or secret\n",
    );
  });

  it("lists every rule once", () => {
    const lines = listRules(allRules).trimEnd().split("\n");
    expect(lines).toHaveLength(allRules.length);
    expect(new Set(lines.map((line) => line.split(" ")[0])).size).toBe(allRules.length);
  });
});
