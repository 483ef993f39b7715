import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allRules } from "./index.js";

describe("rule registry", () => {
  it("has at least 50 rules with unique ids", () => {
    expect(allRules.length).toBeGreaterThanOrEqual(50);
    expect(new Set(allRules.map((rule) => rule.id)).size).toBe(allRules.length);
  });
  it("gives every rule a test file beside it and a full doc", () => {
    for (const rule of allRules) {
      expect(existsSync(new URL(`./${rule.id}.test.ts`, import.meta.url)), rule.id).toBe(true);
      expect(rule.doc.why.length, rule.id).toBeGreaterThan(40);
      expect(rule.doc.example.length, rule.id).toBeGreaterThan(5);
      expect(rule.doc.fix.length, rule.id).toBeGreaterThan(10);
    }
  });
});
