import { describe, expect, it } from "vitest";
import type { Plan, Step } from "../plan/plan.js";
import { servicesStartedBy } from "./deploy-project.js";

const step = (id: number, operation: Step["operation"]): Step => ({ id, operation, cause: "test", after: [] });

describe("servicesStartedBy: what the final watch holds a window for", () => {
  it("counts the services whose containers are created, recreated, started or restarted; not awaited, removed or built ones", () => {
    const plan: Plan = {
      project: "shop",
      steps: [
        step(1, { kind: "create-network", network: "default", name: "shop_default" }),
        step(2, { kind: "build-image", service: "api", image: "shop-api" }),
        step(3, { kind: "create-container", service: "api", number: 1, name: "shop-api-1" } as Step["operation"]),
        step(4, { kind: "recreate-container", service: "web", number: 1, name: "shop-web-1", containerId: "w1" } as Step["operation"]),
        step(5, { kind: "start-container", service: "worker", number: 1, name: "shop-worker-1" } as Step["operation"]),
        step(6, { kind: "restart-container", service: "proxy", number: 1, name: "shop-proxy-1", containerId: "p1" } as Step["operation"]),
        step(7, { kind: "remove-container", service: "old", number: 1, name: "shop-old-1", containerId: "o1" } as Step["operation"]),
        step(8, { kind: "await", service: "db", gate: "healthy" }),
      ],
      warnings: [],
    } as unknown as Plan;
    expect([...servicesStartedBy(plan)].sort()).toEqual(["api", "proxy", "web", "worker"]);
  });

  it("is empty for a plan that changes nothing", () => {
    expect(servicesStartedBy({ project: "shop", steps: [step(1, { kind: "await", service: "db", gate: "healthy" })], warnings: [] } as unknown as Plan).size).toBe(0);
  });
});
