import { describe, expect, it } from "vitest";
import { ConfigError } from "../common/errors.js";
import { readCheckConfig } from "./check-config.js";
import { allRuleIds } from "./rules/index.js";
import { fixtureContext, findingsOf } from "./testing/check-fixture.js";
import { imageUnpinned } from "./rules/image-unpinned.js";

const head = "services:\n  cache:\n    image: redis\n";
const configOf = (xBerth: string) => readCheckConfig(fixtureContext({ compose: `${head}${xBerth}` }).project, allRuleIds);

/** The ConfigError a malformed x-berth.check throws: message, hint and the line it points at. */
function mistakeOf(xBerth: string): { message: string; hint: string | undefined; line: number | undefined } {
  try {
    configOf(xBerth);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const config = error as ConfigError;
    return { message: config.message, hint: config.hint, line: config.location?.line };
  }
  throw new Error("expected a ConfigError");
}

describe("readCheckConfig (x-berth.check)", () => {
  it("reads the rules to disable and the severities to change", () => {
    const config = configOf("x-berth:\n  check:\n    disable: [image-unpinned, runs-as-root]\n    severity:\n      healthcheck-missing: warning\n");
    expect([...config.disable]).toEqual(["image-unpinned", "runs-as-root"]);
    expect([...config.severity]).toEqual([["healthcheck-missing", "warning"]]);
  });

  it("is empty without x-berth, without check, and with an empty check", () => {
    const empty = { disable: new Set(), severity: new Map() };
    expect(configOf("")).toEqual(empty);
    expect(configOf("x-berth:\n  verify: []\n")).toEqual(empty);
    expect(configOf("x-berth:\n  check:\n")).toEqual(empty);
    expect(configOf("x-berth:\n  check: {}\n")).toEqual(empty);
  });

  it("accepts a Swarm rule id in a file checked for one engine (one file, both targets)", () => {
    expect([...configOf("x-berth:\n  check:\n    disable: [swarm-build-ignored]\n").disable]).toEqual(["swarm-build-ignored"]);
  });

  // Before, each of these was silently ignored: the user believed a rule off that still ran.
  it("refuses a misspelt rule id in disable, at its line, with the id it probably meant", () => {
    expect(mistakeOf("x-berth:\n  check:\n    disable:\n      - image-unpined\n")).toEqual({
      message: "x-berth.check.disable.0: no rule is named image-unpined; did you mean image-unpinned?",
      hint: "berth check --list-rules lists the rule ids",
      line: 7,
    });
  });

  it("refuses an unknown rule id without a guess when nothing is close", () => {
    expect(mistakeOf("x-berth:\n  check:\n    disable: [frobnicate]\n").message).toBe("x-berth.check.disable.0: no rule is named frobnicate");
  });

  it("refuses a misspelt rule id in severity, and a level berth does not know", () => {
    expect(mistakeOf("x-berth:\n  check:\n    severity:\n      healthcheck-mising: info\n")).toMatchObject({
      message: "x-berth.check.severity.healthcheck-mising: no rule is named healthcheck-mising; did you mean healthcheck-missing?",
      line: 7,
    });
    expect(mistakeOf("x-berth:\n  check:\n    severity:\n      image-unpinned: critical\n")).toEqual({
      message: 'x-berth.check.severity.image-unpinned: should be one of info, warning, error, got "critical"',
      hint: "write image-unpinned: warning",
      line: 7,
    });
  });

  it("refuses shapes it cannot read, saying the shape it wants", () => {
    expect(mistakeOf("x-berth:\n  check: [image-unpinned]\n")).toMatchObject({ message: "x-berth.check: should be a mapping with disable and severity", line: 5 });
    expect(mistakeOf("x-berth:\n  check:\n    disable: image-unpinned\n")).toMatchObject({ message: "x-berth.check.disable: should be a list of rule ids", hint: "write disable: [rule-id, ...]", line: 6 });
    expect(mistakeOf("x-berth:\n  check:\n    severity: [warning]\n")).toMatchObject({ message: "x-berth.check.severity: should be a mapping of rule id to level", line: 6 });
    expect(mistakeOf("x-berth:\n  check:\n    disable: [3]\n").message).toBe("x-berth.check.disable.0: should be a rule id, got 3");
  });

  it("refuses a key it does not read (a typo of disable or severity)", () => {
    expect(mistakeOf("x-berth:\n  check:\n    disabled: [image-unpinned]\n")).toEqual({
      message: "x-berth.check.disabled: is not a key berth reads here (disable, severity)",
      hint: "see docs/x-berth.md#check",
      line: 6,
    });
  });

  it("takes effect on a check run: a disabled rule says nothing, a changed severity shows", () => {
    expect(findingsOf(imageUnpinned, { compose: `${head}x-berth:\n  check:\n    disable: [image-unpinned]\n` })).toEqual([]);
    expect(findingsOf(imageUnpinned, { compose: `${head}x-berth:\n  check:\n    severity: { image-unpinned: error }\n` })).toMatchObject([{ severity: "error", line: 3 }]);
  });
});
