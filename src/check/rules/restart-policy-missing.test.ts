import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { restartPolicyMissing } from "./restart-policy-missing.js";

describe("restart-policy-missing", () => {
  it("fires without restart", () => {
    expect(findingsOf(restartPolicyMissing, { compose: "services:\n  api:\n    image: node:20\n" })).toHaveLength(1);
  });
  it("stays quiet with restart or a deploy.restart_policy that restarts", () => {
    const compose = "services:\n  api:\n    image: node:20\n    restart: unless-stopped\n  worker:\n    image: node:20\n    deploy: { restart_policy: { condition: on-failure } }\n  web:\n    image: nginx:1.22\n    deploy: { restart_policy: { condition: any } }\n";
    expect(findingsOf(restartPolicyMissing, { compose })).toEqual([]);
  });
  it("leaves an explicit restart: \"no\" alone: the user chose it", () => {
    expect(findingsOf(restartPolicyMissing, { compose: "services:\n  api:\n    image: node:20\n    restart: \"no\"\n" })).toEqual([]);
  });
});

// docker compose v2 lets deploy.restart_policy replace restart on one engine (getRestartPolicy),
// and so does berth up (common/restart-policy.ts).
describe("restart-policy-missing with deploy.restart_policy that means no restart", () => {
  it("fires at condition: none, as info when restart is not written", () => {
    const compose = "services:\n  api:\n    image: node:20\n    deploy:\n      restart_policy:\n        condition: none\n";
    const findings = findingsOf(restartPolicyMissing, { compose });
    expect(findings).toMatchObject([{ line: 6, severity: "info" }]);
    expect(findings[0]?.message).toBe('service "api": deploy.restart_policy.condition is none, so its container is never restarted');
  });
  it("warns when condition none silently replaces restart: unless-stopped", () => {
    const compose = "services:\n  api:\n    image: node:20\n    restart: unless-stopped\n    deploy:\n      restart_policy:\n        condition: none\n";
    const findings = findingsOf(restartPolicyMissing, { compose });
    expect(findings).toMatchObject([{ line: 7, severity: "warning" }]);
    expect(findings[0]?.message).toContain("it replaces restart: unless-stopped, which is ignored");
  });
  it("fires at restart_policy when it has no condition (compose gives the engine no policy)", () => {
    const compose = "services:\n  api:\n    image: node:20\n    restart: always\n    deploy:\n      restart_policy:\n        max_attempts: 3\n";
    const findings = findingsOf(restartPolicyMissing, { compose });
    expect(findings).toMatchObject([{ line: 6, severity: "warning" }]);
    expect(findings[0]?.message).toContain("deploy.restart_policy has no condition");
  });
  it("skips jobs: deploy.mode replicated-job, and a migration with condition none", () => {
    const compose = "services:\n  report:\n    image: node:20\n    deploy: { mode: replicated-job }\n  migrate:\n    image: node:20\n    deploy: { restart_policy: { condition: none } }\n";
    expect(findingsOf(restartPolicyMissing, { compose })).toEqual([]);
  });
});
