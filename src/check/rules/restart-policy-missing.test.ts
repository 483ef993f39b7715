import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { restartPolicyMissing } from "./restart-policy-missing.js";

describe("restart-policy-missing", () => {
  it("fires without restart", () => {
    expect(findingsOf(restartPolicyMissing, { compose: "services:\n  api:\n    image: node:20\n" })).toHaveLength(1);
  });
  it("stays quiet with restart or deploy.restart_policy", () => {
    const compose = "services:\n  api:\n    image: node:20\n    restart: unless-stopped\n  worker:\n    image: node:20\n    deploy: { restart_policy: { condition: on-failure } }\n";
    expect(findingsOf(restartPolicyMissing, { compose })).toEqual([]);
  });
});
