import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import { testProject } from "../plan/test-project.js";
import { containerSpec } from "./container-spec.js";

function restartPolicyOf(service: Partial<Service>): unknown {
  const project = testProject("shop", { api: { image: "app:1", ...service } });
  const body = containerSpec(project, project.services["api"] as Service, { name: "shop-api-1", image: "app:1", labels: {} }) as unknown as { HostConfig: Record<string, unknown> };
  return body.HostConfig["RestartPolicy"];
}

// docker compose v2 gives deploy.restart_policy to the engine on a plain `up` and lets it replace
// `restart` (pkg/compose/create.go getRestartPolicy); berth's create body does the same.
describe("containerSpec restart policy from deploy.restart_policy", () => {
  it("maps Swarm's conditions to the engine's names", () => {
    expect(restartPolicyOf({ deploy: { restart_policy: { condition: "any" } } })).toEqual({ Name: "always" });
    expect(restartPolicyOf({ deploy: { restart_policy: { condition: "on-failure", max_attempts: 4 } } })).toEqual({ Name: "on-failure", MaximumRetryCount: 4 });
    expect(restartPolicyOf({ deploy: { restart_policy: { condition: "none" } } })).toEqual({ Name: "no" });
  });

  it("lets deploy.restart_policy win over restart", () => {
    expect(restartPolicyOf({ restart: "unless-stopped", deploy: { restart_policy: { condition: "none" } } })).toEqual({ Name: "no" });
    expect(restartPolicyOf({ restart: "no", deploy: { restart_policy: { condition: "any" } } })).toEqual({ Name: "always" });
  });

  it("keeps restart alone as before", () => {
    expect(restartPolicyOf({ restart: "on-failure:2" })).toEqual({ Name: "on-failure", MaximumRetryCount: 2 });
    expect(restartPolicyOf({})).toEqual({ Name: "no" });
  });
});
