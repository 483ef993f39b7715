import { describe, expect, it } from "vitest";
import { describeTarget, PlanBuilder, renderPlan, stepsOfService, type Operation } from "./plan.js";

describe("describeTarget", () => {
  it.each([
    [{ kind: "create-network", network: "default", name: "shop_default" }, "network:shop_default"],
    [{ kind: "create-volume", volume: "data", name: "shop_data" }, "volume:shop_data"],
    [{ kind: "build-image", service: "api", image: "shop-api" }, "image:shop-api"],
    [{ kind: "ensure-image", service: "db", image: "postgres:15", pull: "always" }, "image:postgres:15"],
    [{ kind: "await", service: "db", gate: "healthy" }, "service:db"],
    [{ kind: "create-container", service: "api", number: 2, name: "shop-api-2" }, "service:api:2"],
    [{ kind: "remove-container", service: "api", number: 3, name: "shop-api-3", containerId: "c3" }, "service:api:3"],
  ] as [Operation, string][])("%j is %s", (operation, target) => {
    expect(describeTarget(operation)).toBe(target);
  });
});

describe("PlanBuilder and renderPlan", () => {
  const plan = () => {
    const builder = new PlanBuilder("shop");
    const network = builder.add({ kind: "create-network", network: "default", name: "shop_default" }, "missing");
    const image = builder.add({ kind: "ensure-image", service: "db", image: "postgres:15" }, "not present locally");
    const db = builder.add({ kind: "create-container", service: "db", number: 1, name: "shop-db-1" }, "no container", [image, network, image]);
    const healthy = builder.add({ kind: "await", service: "db", gate: "healthy" }, "dependency of api", [db]);
    builder.add({ kind: "create-container", service: "api", number: 1, name: "shop-api-1" }, "no container", [network], [healthy]);
    builder.warn("orphan container shop-old-1 (service old): use --remove-orphans to remove it");
    return builder.build();
  };

  it("numbers steps from 1, sorts and de-duplicates what each waits for, and marks optional ones", () => {
    const steps = plan().steps;
    expect(steps.map((step) => step.id)).toEqual([1, 2, 3, 4, 5]);
    expect(steps[2]?.after).toEqual([1, 2]);
    expect(steps[4]).toMatchObject({ after: [1, 4], optional: [4] });
    expect(steps[3]).not.toHaveProperty("optional");
  });

  it("renders one stable line per step, optional dependencies with ?, then the warnings", () => {
    expect(renderPlan(plan())).toBe(
      [
        "[1] network:shop_default create-network, missing",
        "[2] image:postgres:15 ensure-image, not present locally",
        "[3] <- #1,#2 service:db:1 create-container, no container",
        "[4] <- #3 service:db await healthy, dependency of api",
        "[5] <- #1,#4? service:api:1 create-container, no container",
        "warning: orphan container shop-old-1 (service old): use --remove-orphans to remove it",
        "",
      ].join("\n"),
    );
  });

  it("does not mark a step optional when it is also a hard dependency", () => {
    const builder = new PlanBuilder("shop");
    const first = builder.add({ kind: "await", service: "db", gate: "healthy" }, "x");
    builder.add({ kind: "start-container", service: "api", number: 1, name: "shop-api-1" }, "y", [first], [first]);
    expect(builder.build().steps[1]).toEqual({ id: 2, operation: expect.objectContaining({ kind: "start-container" }) as unknown, cause: "y", after: [1] });
  });

  it("renders an empty plan as a bare newline, and hands out copies", () => {
    const builder = new PlanBuilder("shop");
    const built = builder.build();
    builder.add({ kind: "await", service: "db", gate: "completed" }, "later");
    expect([renderPlan(built), built.steps.length]).toEqual(["\n", 0]);
  });

  it("finds the steps of one service, leaving networks and volumes out", () => {
    expect(stepsOfService(plan(), "db").map((step) => step.id)).toEqual([2, 3, 4]);
    expect(stepsOfService(plan(), "ghost")).toEqual([]);
  });
});
