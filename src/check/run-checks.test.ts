import { describe, expect, it } from "vitest";
import { defineRule } from "./rule.js";
import { runChecksDetailed } from "./run-checks.js";
import { rmSync } from "node:fs";
import { loadProject } from "../compose/load.js";
import { checkFixture, fixtureTree, writeFixture } from "./testing/check-fixture.js";

const everyService = defineRule({
  id: "every-service",
  group: "compose",
  severity: "warning",
  title: "test rule",
  doc: { why: "", example: "", fix: "" },
  check(context, report) {
    for (const view of context.services) report({ at: context.locate(["services", view.name]), message: `saw ${view.name}`, hint: "none" });
  },
});
const throwing = defineRule({ ...everyService, id: "throws", check: () => { throw new Error("boom"); } });
const sameSpot = defineRule({ ...everyService, id: "same-spot", check: (context, report) => { for (let i = 0; i < 2; i++) report({ at: context.locate([]), message: "twice", hint: "" }); } });

describe("runChecks", () => {
  it("returns findings relative to the project directory, sorted", () => {
    const findings = checkFixture({ compose: "services:\n  b:\n    image: x:1\n  a:\n    image: x:1\n" }, [everyService]);
    expect(findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.message}`)).toEqual(["compose.yaml:2:3 saw b", "compose.yaml:4:3 saw a"]);
  });
  it("honours # berth-ignore on the line or the line above", () => {
    const compose = "services:\n  # berth-ignore every-service: reviewed\n  b:\n    image: x:1\n  a: # berth-ignore other-rule\n    image: x:1\n";
    expect(checkFixture({ compose }, [everyService]).map((finding) => finding.message)).toEqual(["saw a"]);
  });
  it("keeps what a comment silenced, with its justification", () => {
    const compose = "services:\n  # berth-ignore every-service socket proxy is reviewed\n  b:\n    image: x:1\n";
    const dir = writeFixture({ compose });
    const project = loadProject({ files: [], profiles: [], envFiles: [], environment: {}, cwd: dir });
    const result = runChecksDetailed({ project, files: fixtureTree({ compose }, dir), rules: [everyService] });
    rmSync(dir, { recursive: true });
    expect(result.findings).toEqual([]);
    expect(result.suppressed).toMatchObject([{ finding: { rule: "every-service", line: 3 }, justification: "socket proxy is reviewed" }]);
  });
  it("applies x-berth.check: disable and severity overrides", () => {
    const disabled = "services:\n  a:\n    image: x:1\nx-berth:\n  check:\n    disable: [every-service]\n";
    expect(checkFixture({ compose: disabled }, [everyService])).toEqual([]);
    const lowered = "services:\n  a:\n    image: x:1\nx-berth:\n  check:\n    severity: { every-service: info }\n";
    expect(checkFixture({ compose: lowered }, [everyService])).toMatchObject([{ severity: "info" }]);
  });
  it("turns a crashing rule into a finding instead of failing the run", () => {
    expect(checkFixture({ compose: "services: {}\n" }, [throwing])).toMatchObject([{ rule: "throws", message: expect.stringContaining("boom") }]);
  });
  it("drops identical findings", () => {
    expect(checkFixture({ compose: "services: {}\n" }, [sameSpot])).toHaveLength(1);
  });
});
