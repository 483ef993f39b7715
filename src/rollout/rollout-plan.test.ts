import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import type { ObservedContainer } from "../plan/observed-state.js";
import { planServiceRollout, renderRollout } from "./rollout-plan.js";

const service = { name: "api", command: null, entrypoint: null, image: "app:2", healthcheck: { test: ["CMD", "true"] }, deploy: { replicas: 3, update_config: { parallelism: 2 } } } as Service;

function replica(number: number): ObservedContainer {
  return { id: `abcdef01234${number}ffff`, name: `shop-api-${number}`, service: "api", number, oneoff: false, status: "running", exitCode: 0, configHash: "h", imageId: "sha256:1", health: "healthy" };
}

describe("planServiceRollout", () => {
  it("batches replicas by parallelism and names successors and retired containers", () => {
    const rollout = planServiceRollout(service, [replica(3), replica(1), replica(2)], "image app:2 changed");
    expect(renderRollout(rollout)).toBe(
      [
        "api: start-first (stateless with a healthcheck), image app:2 changed; batches of 2; on failure rollback",
        "  batch 1: shop-api-1 -> shop-api-1_next, shop-api-2 -> shop-api-2_next",
        "  batch 2: shop-api-3 -> shop-api-3_next",
        "",
      ].join("\n"),
    );
    expect(rollout.batches[0]?.[0]?.retiredName).toBe("abcdef012341_shop-api-1");
  });

  it("says how a stop-first rollout goes, its pace and its gate probes", () => {
    const stopFirst = { ...service, deploy: { replicas: 1, update_config: { order: "stop-first", delay: "2s", monitor: "30s", failure_action: "pause" } } } as Service;
    expect(renderRollout(planServiceRollout(stopFirst, [replica(1)], "config changed"), ["api-selftest"])).toBe(
      [
        "api: stop-first (update_config.order stop-first), config changed; batches of 1, 2000 ms apart, monitor 30000 ms; on failure pause",
        "  batch 1: stop shop-api-1, then start its replacement",
        "  gate probes (on each new container before it takes traffic): api-selftest",
        "",
      ].join("\n"),
    );
  });

  it("ignores one-off containers and other services", () => {
    const other = { ...replica(1), service: "db" };
    const oneoff = { ...replica(2), oneoff: true };
    expect(planServiceRollout(service, [other, oneoff], "x").batches).toEqual([]);
  });
});
