import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import { rolloutPolicy } from "./rollout-policy.js";

const base = { name: "api", command: null, entrypoint: null, image: "app:1", healthcheck: { test: ["CMD", "true"] } } as Service;

describe("rolloutPolicy", () => {
  it("defaults to start-first, one at a time, rollback on failure for a stateless service with a healthcheck", () => {
    expect(rolloutPolicy(base)).toEqual({ order: "start-first", parallelism: 1, delayMs: 0, monitorMs: undefined, failureAction: "rollback", reason: "stateless with a healthcheck" });
  });

  it("falls back to stop-first when two containers could not run side by side", () => {
    expect(rolloutPolicy({ ...base, ports: [{ mode: "ingress", target: 80, published: "8080", protocol: "tcp" }] } as Service).order).toBe("stop-first");
    expect(rolloutPolicy({ ...base, container_name: "api" }).reason).toBe("fixed container_name");
    expect(rolloutPolicy({ ...base, healthcheck: { disable: true } } as Service).order).toBe("stop-first");
  });

  it("honours update_config and rollback_config", () => {
    const deploy = {
      update_config: { order: "stop-first", parallelism: 2, delay: "1s", monitor: "30s", failure_action: "pause" },
      rollback_config: { parallelism: 3, failure_action: "continue" },
    } as const;
    const service = { ...base, deploy } as Service;
    expect(rolloutPolicy(service)).toMatchObject({ order: "stop-first", parallelism: 2, delayMs: 1000, monitorMs: 30_000, failureAction: "pause" });
    expect(rolloutPolicy(service, "rollback")).toMatchObject({ order: "start-first", parallelism: 3, failureAction: "continue" });
  });

  it("refuses start-first where it cannot work and says why", () => {
    const service = { ...base, container_name: "api", deploy: { update_config: { order: "start-first" } } } as Service;
    expect(rolloutPolicy(service)).toMatchObject({ order: "stop-first", reason: "start-first impossible: fixed container_name" });
  });
});
