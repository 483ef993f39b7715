import { describe, expect, it } from "vitest";
import { engineRestartPolicy, restartsOnEngine, swarmRestartOf } from "./restart-policy.js";

describe("engineRestartPolicy (as docker compose v2 maps it on one engine)", () => {
  it("gives no restart when neither key is written", () => {
    expect(engineRestartPolicy({})).toEqual({ Name: "no", from: "default" });
    expect(engineRestartPolicy({ restart: "" })).toEqual({ Name: "no", from: "default" });
  });

  it("takes restart as written, with on-failure's count", () => {
    expect(engineRestartPolicy({ restart: "unless-stopped" })).toEqual({ Name: "unless-stopped", from: "restart" });
    expect(engineRestartPolicy({ restart: "always" })).toEqual({ Name: "always", from: "restart" });
    expect(engineRestartPolicy({ restart: "on-failure:3" })).toEqual({ Name: "on-failure", MaximumRetryCount: 3, from: "restart" });
    expect(engineRestartPolicy({ restart: "on-failure" })).toEqual({ Name: "on-failure", from: "restart" });
    expect(engineRestartPolicy({ restart: "no" })).toEqual({ Name: "no", from: "restart" });
  });

  it("lets deploy.restart_policy replace restart, mapping Swarm's conditions to the engine's names", () => {
    expect(engineRestartPolicy({ restart: "unless-stopped", deploy: { restart_policy: { condition: "none" } } })).toEqual({ Name: "no", from: "deploy.restart_policy" });
    expect(engineRestartPolicy({ deploy: { restart_policy: { condition: "any" } } })).toEqual({ Name: "always", from: "deploy.restart_policy" });
    expect(engineRestartPolicy({ restart: "no", deploy: { restart_policy: { condition: "on-failure", max_attempts: 5 } } })).toEqual({ Name: "on-failure", MaximumRetryCount: 5, from: "deploy.restart_policy" });
    expect(engineRestartPolicy({ deploy: { restart_policy: { condition: "unless-stopped" } } })).toEqual({ Name: "unless-stopped", from: "deploy.restart_policy" });
  });

  it("reads a restart_policy without condition as no restart (compose passes an empty name to the engine)", () => {
    expect(engineRestartPolicy({ restart: "always", deploy: { restart_policy: { max_attempts: 3 } } })).toEqual({ Name: "no", MaximumRetryCount: 3, from: "deploy.restart_policy" });
    expect(restartsOnEngine({ restart: "always", deploy: { restart_policy: { max_attempts: 3 } } })).toBe(false);
  });

  it("leaves max_attempts 0 out, as the engine reads a missing count", () => {
    expect(engineRestartPolicy({ deploy: { restart_policy: { condition: "on-failure", max_attempts: 0 } } })).toEqual({ Name: "on-failure", from: "deploy.restart_policy" });
  });

  it("says whether the engine restarts the container", () => {
    expect(restartsOnEngine({ restart: "unless-stopped" })).toBe(true);
    expect(restartsOnEngine({})).toBe(false);
    expect(restartsOnEngine({ deploy: { restart_policy: { condition: "any" } } })).toBe(true);
  });
});

describe("swarmRestartOf (restart: as docker stack deploy converts it)", () => {
  it.each([
    [undefined, { condition: "unset" }],
    ["", { condition: "unset" }],
    ["no", { condition: "unset" }],
    ["always", { condition: "any" }],
    ["unless-stopped", { condition: "any" }],
    ["on-failure", { condition: "on-failure", maxAttempts: 0 }],
    ["on-failure:5", { condition: "on-failure", maxAttempts: 5 }],
    ["on-failure:x", { condition: "invalid" }],
    ["sometimes", { condition: "invalid" }],
  ])("%s → %j", (restart, expected) => {
    expect(swarmRestartOf(restart)).toEqual(expected);
  });
});
