import { describe, expect, it } from "vitest";
import type { Finding } from "./finding.js";
import { foldFindings, mergeMessages } from "./fold-findings.js";
import { checkFixture } from "./testing/check-fixture.js";
import { allRules } from "./rules/index.js";

const finding = (rule: string, line: number, message: string, severity: Finding["severity"] = "warning"): Finding => ({ rule, severity, file: "compose.yaml", line, column: 5, message, hint: "h" });

describe("foldFindings", () => {
  it("makes one finding per place, naming every service", () => {
    const folded = foldFindings([finding("r", 3, '"a" waits only for "db"'), finding("r", 3, '"b" waits only for "db"'), finding("r", 4, '"c" waits only for "db"')]);
    expect(folded.map((each) => each.message)).toEqual(['"a", "b" waits only for "db"', '"c" waits only for "db"']);
  });
  it("keeps each message when they differ in more than one word", () => {
    expect(mergeMessages(["x of a is y", "z of b is w"])).toBe("x of a is y (and 1 more at this place: z of b is w)");
  });
  it("folds related secret rules on one line into the most severe, naming the others", () => {
    const folded = foldFindings([finding("literal-secret-in-compose", 7, "literal"), finding("placeholder-secret", 7, "placeholder", "error"), finding("weak-or-default-credential", 7, "weak")]);
    expect(folded).toMatchObject([{ rule: "placeholder-secret", severity: "error", message: "placeholder (also weak-or-default-credential, literal-secret-in-compose)" }]);
  });
  it("reports a YAML anchor's problem once with every service it touches (real loader)", () => {
    const compose = "x-app: &app\n  image: node:20\n  depends_on: [redis]\nservices:\n  redis:\n    image: redis:7\n  web:\n    <<: *app\n  worker:\n    <<: *app\n";
    const found = checkFixture({ compose }, allRules).filter((each) => each.rule === "depends-on-not-healthy");
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('"web", "worker"');
  });
});
