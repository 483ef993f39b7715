import { describe, expect, it } from "vitest";
import type { ServicePort } from "../compose/model/project.js";
import { withEdges } from "../edge/edge-services.js";
import { testProject } from "../plan/test-project.js";
import { rolloutSettleMs, settleFor } from "./settle.js";

const healthcheck = { test: ["CMD", "true"] };
const published: ServicePort = { mode: "ingress", target: 8080, published: "8080", protocol: "tcp" };
const project = withEdges(
  testProject("shop", {
    frontend: { image: "web:1", healthcheck, ports: [published], depends_on: { backend: { condition: "service_healthy", required: true } } },
    backend: { image: "api:1", healthcheck },
    worker: { image: "api:1", healthcheck },
  }),
);

describe("settleFor", () => {
  it("is short when the only clients are port holders, which re-resolve every 250 ms", () => {
    expect(settleFor(project, "frontend", 6000)).toEqual({ ms: 500, why: "its port holder re-resolves every 250 ms" });
    expect(settleFor(project, "frontend", 200).ms).toBe(200);
  });

  it("is the configured upper bound behind a proxy whose cache berth cannot see, or with no declared client", () => {
    expect(settleFor(project, "backend", 6000)).toEqual({ ms: 6000, why: "while proxies re-resolve" });
    expect(settleFor(project, "worker", 6000).ms).toBe(6000);
  });
});

describe("rolloutSettleMs", () => {
  it("reads BERTH_ROLLOUT_SETTLE_MS, 6 s by default", () => {
    expect(rolloutSettleMs({})).toBe(6000);
    expect(rolloutSettleMs({ BERTH_ROLLOUT_SETTLE_MS: "1500" })).toBe(1500);
    expect(rolloutSettleMs({ BERTH_ROLLOUT_SETTLE_MS: "soon" })).toBe(6000);
  });
});
