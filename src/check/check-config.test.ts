import { describe, expect, it } from "vitest";
import { readCheckConfig } from "./check-config.js";
import { fixtureContext, findingsOf } from "./testing/check-fixture.js";
import { imageUnpinned } from "./rules/image-unpinned.js";

const configOf = (xBerth: string) => readCheckConfig(fixtureContext({ compose: `services:\n  cache:\n    image: redis\n${xBerth}` }).project);

describe("readCheckConfig (x-berth.check)", () => {
  it("reads the rules to disable and the severities to change", () => {
    const config = configOf("x-berth:\n  check:\n    disable: [image-unpinned, runs-as-root]\n    severity:\n      healthcheck-missing: warning\n");
    expect([...config.disable]).toEqual(["image-unpinned", "runs-as-root"]);
    expect([...config.severity]).toEqual([["healthcheck-missing", "warning"]]);
  });
  it("keeps only severities that are levels berth knows", () => {
    const config = configOf("x-berth:\n  check:\n    severity:\n      image-unpinned: critical\n      runs-as-root: info\n");
    expect([...config.severity]).toEqual([["runs-as-root", "info"]]);
  });
  it("is empty without x-berth, and for shapes it cannot read", () => {
    expect(configOf("")).toEqual({ disable: new Set(), severity: new Map() });
    expect(configOf("x-berth:\n  check: [image-unpinned]\n")).toEqual({ disable: new Set(), severity: new Map() });
    expect(configOf("x-berth:\n  check:\n    disable: image-unpinned\n    severity: [warning]\n")).toEqual({ disable: new Set(), severity: new Map() });
  });
  it("takes effect on a check run: a disabled rule says nothing, a changed severity shows", () => {
    const compose = "services:\n  cache:\n    image: redis\n";
    expect(findingsOf(imageUnpinned, { compose: `${compose}x-berth:\n  check:\n    disable: [image-unpinned]\n` })).toEqual([]);
    expect(findingsOf(imageUnpinned, { compose: `${compose}x-berth:\n  check:\n    severity: { image-unpinned: error }\n` })).toMatchObject([{ severity: "error", line: 3 }]);
  });
});
