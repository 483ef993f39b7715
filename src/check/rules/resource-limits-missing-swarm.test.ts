import { describe, expect, it } from "vitest";
import { checkFixture, findingsOf } from "../testing/check-fixture.js";
import { allRules } from "./index.js";
import { resourceLimitsMissing } from "./resource-limits-missing.js";
import { resourceLimitsMissingSwarm } from "./resource-limits-missing-swarm.js";
import { rulesForTarget } from "./swarm-rules.js";

const compose = "services:\n  api:\n    image: node:20\n  db:\n    image: postgres:15\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n  cache:\n    image: redis:7\n    mem_limit: 128m\n";

describe("resource-limits-missing under --target swarm", () => {
  it("finds the same services as on one engine", () => {
    const swarm = findingsOf(resourceLimitsMissingSwarm, { compose });
    expect(swarm.map((finding) => [finding.line, finding.message])).toEqual(findingsOf(resourceLimitsMissing, { compose }).map((finding) => [finding.line, finding.message]));
    expect(swarm.map((finding) => finding.line)).toEqual([2]);
  });
  it("never offers mem_limit, which docker stack deploy refuses", () => {
    expect(findingsOf(resourceLimitsMissingSwarm, { compose })[0]?.hint).toBe("set `deploy.resources.limits.memory` (docker stack deploy refuses `mem_limit`)");
    expect(findingsOf(resourceLimitsMissing, { compose })[0]?.hint).toContain("mem_limit");
  });
  it("runs in place of the single-engine rule with --target swarm", () => {
    const hints = checkFixture({ compose }, rulesForTarget(allRules, "swarm")).filter((finding) => finding.rule === "resource-limits-missing").map((finding) => finding.hint);
    expect(hints).toEqual(["set `deploy.resources.limits.memory` (docker stack deploy refuses `mem_limit`)"]);
  });
});
