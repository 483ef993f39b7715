import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allRules } from "./rules/index.js";
import { ruleMarkdown, rulesIndexMarkdown } from "./rule-markdown.js";

const docsDir = new URL("../../docs/rules/", import.meta.url);

// BERTH_UPDATE_DOCS=1 rewrites the pages; otherwise the test fails when a page is stale.
describe("docs/rules", () => {
  it("has an up-to-date page per rule", () => {
    if (process.env["BERTH_UPDATE_DOCS"] === "1") {
      mkdirSync(docsDir, { recursive: true });
      for (const rule of allRules) writeFileSync(new URL(`${rule.id}.md`, docsDir), ruleMarkdown(rule));
      writeFileSync(new URL("README.md", docsDir), rulesIndexMarkdown(allRules));
    }
    expect(readFileSync(new URL("README.md", docsDir), "utf8"), "docs/rules/README.md is stale").toBe(rulesIndexMarkdown(allRules));
    for (const rule of allRules) {
      const page = new URL(`${rule.id}.md`, docsDir);
      expect(existsSync(page), `docs/rules/${rule.id}.md is missing: run BERTH_UPDATE_DOCS=1 npx vitest run src/check/rule-markdown.test.ts`).toBe(true);
      expect(readFileSync(page, "utf8"), `docs/rules/${rule.id}.md is stale`).toBe(ruleMarkdown(rule));
    }
  });
});
