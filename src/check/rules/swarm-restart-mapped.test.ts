import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { swarmRestartMapped } from "./swarm-restart-mapped.js";

const service = (lines: string) => `services:\n  app:\n    image: a:1\n${lines}`;

describe("swarm-restart-mapped", () => {
  it("warns that restart: \"no\" restarts forever on Swarm", () => {
    const findings = findingsOf(swarmRestartMapped, { compose: service('    restart: "no"\n') });
    expect(findings).toMatchObject([{ line: 4, severity: "warning" }]);
    expect(findings[0]?.message).toContain("condition any");
    expect(findings[0]?.hint).toContain("condition: none");
  });
  it.each([
    ["always", "condition: any"],
    ["unless-stopped", "condition: any"],
    ["on-failure", "condition: on-failure"],
    ["on-failure:3", "condition: on-failure, max_attempts: 3"],
  ])("maps restart: %s to %s", (restart, policy) => {
    const findings = findingsOf(swarmRestartMapped, { compose: service(`    restart: ${restart}\n`) });
    expect(findings).toMatchObject([{ line: 4, severity: "info" }]);
    expect(findings[0]?.message).toContain(`becomes deploy.restart_policy ${policy}`);
  });
  it("says restart is ignored when deploy.restart_policy is set", () => {
    const findings = findingsOf(swarmRestartMapped, { compose: service("    restart: always\n    deploy:\n      restart_policy:\n        condition: on-failure\n") });
    expect(findings).toMatchObject([{ line: 4, severity: "info" }]);
    expect(findings[0]?.message).toContain("deploy.restart_policy applies");
  });
  it("stays quiet without restart", () => {
    expect(findingsOf(swarmRestartMapped, { compose: service("    deploy:\n      restart_policy:\n        condition: any\n") })).toEqual([]);
  });
});
