import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { restartPolicyMissing } from "./restart-policy-missing.js";
import { restartPolicyMissingSwarm } from "./restart-policy-missing-swarm.js";

describe("restart-policy-missing under --target swarm", () => {
  it("keeps the rule's id, severity and page", () => {
    expect(restartPolicyMissingSwarm).toMatchObject({ id: restartPolicyMissing.id, severity: restartPolicyMissing.severity, doc: restartPolicyMissing.doc });
  });
  it("stays quiet without any policy: Swarm's default is condition any", () => {
    expect(findingsOf(restartPolicyMissingSwarm, { compose: "services:\n  db:\n    image: postgres:15\n" })).toEqual([]);
    // The engine rule fires on the same file.
    expect(findingsOf(restartPolicyMissing, { compose: "services:\n  db:\n    image: postgres:15\n" })).toHaveLength(1);
  });
  it("stays quiet for a restart_policy without condition (Swarm fills in any), unlike one engine", () => {
    const compose = "services:\n  api:\n    image: node:20\n    deploy:\n      restart_policy:\n        max_attempts: 3\n";
    expect(findingsOf(restartPolicyMissingSwarm, { compose })).toEqual([]);
    expect(findingsOf(restartPolicyMissing, { compose })).toHaveLength(1);
  });
  it("fires at condition: none on a long-running service", () => {
    const compose = "services:\n  api:\n    image: node:20\n    deploy:\n      replicas: 2\n      restart_policy:\n        condition: none\n";
    const findings = findingsOf(restartPolicyMissingSwarm, { compose });
    expect(findings).toMatchObject([{ line: 7, severity: "info" }]);
    expect(findings[0]?.message).toContain("Swarm never starts its task again");
  });
  it("leaves jobs with condition none alone", () => {
    const compose = "services:\n  backfill:\n    image: node:20\n    deploy:\n      mode: replicated-job\n      restart_policy: { condition: none }\n";
    expect(findingsOf(restartPolicyMissingSwarm, { compose })).toEqual([]);
  });
});
