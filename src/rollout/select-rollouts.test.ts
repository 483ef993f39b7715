import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import type { ObservedContainer, ObservedState } from "../plan/observed-state.js";
import { renderPlan } from "../plan/plan.js";
import { reconcile } from "../plan/reconcile.js";
import { testProject } from "../plan/test-project.js";
import { afterRecovery } from "./interrupted.js";
import { renderSplitPlan } from "./render-split.js";
import { isServing } from "./select-rollouts.js";
import { splitForRollouts } from "./up-rollouts.js";

const healthcheck = { test: ["CMD", "true"] };
const project = testProject("shop", {
  db: { image: "postgres:15", healthcheck, volumes: [{ type: "volume", source: "data", target: "/var/lib/postgresql/data" }] },
  api: { image: "app:2", healthcheck, depends_on: { db: { condition: "service_healthy", required: true } } },
  web: { image: "nginx:1.22", depends_on: { api: { condition: "service_healthy", required: true } } },
}, { volumes: { data: { name: "shop_data" } } });

function running(service: string, imageId: string): ObservedContainer {
  return { id: `${service}0123456789ab`, name: `shop-${service}-1`, service, number: 1, oneoff: false, status: "running", exitCode: 0, configHash: `hash-${service}`, imageId, health: "healthy" };
}

const observed: ObservedState = {
  project: "shop",
  containers: [running("db", "sha256:pg-old"), running("api", "sha256:app1"), running("web", "sha256:nginx")],
  networks: [{ name: "shop_default", id: "n" }],
  volumes: [{ name: "shop_data", id: "v" }],
  images: { "postgres:15": "sha256:pg-new", "app:2": "sha256:app2", "nginx:1.22": "sha256:nginx" },
};

const configHash = (service: Service) => `hash-${service.name}`;

describe("splitForRollouts", () => {
  it("rolls the stateless service with a healthcheck and recreates the stateful one in place", () => {
    const split = splitForRollouts(project, observed, reconcile(project, observed, { configHash }));
    expect(split.rollouts.map((r) => [r.service, r.cause])).toEqual([["api", "image app:2 changed"]]);
    expect(renderPlan(split.plan)).toBe(
      [
        "[1] service:db:1 recreate-container, image postgres:15 changed",
        "[2] <- #1 service:db:1 start-container, recreated",
        "[3] <- #2 service:db await healthy, readiness; needed by api",
        "[4] service:api await healthy, readiness; needed by web",
        "[5] service:web await started-stable, readiness; up to date",
        "",
      ].join("\n"),
    );
    expect(split.plan.steps.find((s) => s.id === 4)?.after).toEqual([]);
  });

  it("renders the dry run: recovery of an interrupted rollout, the steps in place, then the rollouts with their gate probes", () => {
    const leftover = { ...running("api", "sha256:app2"), id: "next0123456789", name: "shop-api-1_next" };
    const withLeftover = { ...observed, containers: [...observed.containers, leftover] };
    const gated = { ...project, services: { ...project.services, api: { ...project.services["api"], "x-berth": { verify: [{ name: "api-selftest", gate: true, http: { url: "http://api:3000/api/selftest" } }] } } as Service } };
    const split = splitForRollouts(gated, withLeftover, reconcile(gated, afterRecovery(withLeftover), { configHash }));
    expect(renderSplitPlan(split)).toBe(
      [
        "downtime: this update stops 1 service(s) while replacing them:",
        "  db: recreated in place: stateful (named volume data); down up to 100 s",
        "first, converge what an interrupted rollout left:",
        "  api: left by an interrupted rollout: remove shop-api-1_next (the old container kept serving; the unproven successor goes and the rollout starts over)",
        "[1] service:db:1 recreate-container, image postgres:15 changed",
        "[2] <- #1 service:db:1 start-container, recreated",
        "[3] <- #2 service:db await healthy, readiness; needed by api",
        "[4] service:api await healthy, readiness; needed by web",
        "[5] service:web await started-stable, readiness; up to date",
        "then roll, one service at a time:",
        "api: start-first (stateless with a healthcheck), image app:2 changed; batches of 1; on failure rollback",
        "  batch 1: shop-api-1 -> shop-api-1_next",
        "  gate probes (on each new container before it takes traffic): api-selftest",
        "",
      ].join("\n"),
    );
  });

  it("leaves the plan alone when nothing rolls", () => {
    const same = { ...observed, images: { ...observed.images, "app:2": "sha256:app1", "postgres:15": "sha256:pg-old" } };
    const plan = reconcile(project, same, { configHash });
    expect(splitForRollouts(project, same, plan)).toEqual({ plan, rollouts: [], gates: new Map(), recovery: [], downtime: [] });
  });

  it.each([
    ["unhealthy", { health: "unhealthy" as const }],
    ["still starting", { health: "starting" as const }],
    ["crash-looping (restarting)", { status: "restarting" as const, health: undefined }],
    ["exited", { status: "exited" as const, exitCode: 1, health: undefined }],
  ])("recreates a service in place when its current replica is %s: no pre-roll gate on the broken container", (_, state) => {
    const broken = { ...observed, containers: observed.containers.map((c) => (c.service === "api" ? { ...c, ...state } : c)) };
    const split = splitForRollouts(project, broken, reconcile(project, broken, { configHash }));
    expect(split.rollouts.map((r) => r.service)).toEqual([]);
    const text = renderPlan(split.plan);
    expect(text).toContain("service:api:1 recreate-container, image app:2 changed");
    expect(text).toContain("[5] <- #3,#4 service:api:1 start-container, recreated; after db healthy\n[6] <- #5 service:api await healthy");
  });

  it("recreates an unhealthy replica with --force-recreate too (it rolls only when every replica serves)", () => {
    const same = { ...observed, images: { ...observed.images, "app:2": "sha256:app1", "postgres:15": "sha256:pg-old" } };
    const sick = { ...same, containers: same.containers.map((c) => (c.service === "api" ? { ...c, health: "unhealthy" as const } : c)) };
    expect(splitForRollouts(project, same, reconcile(project, same, { configHash, forceRecreate: true })).rollouts.map((r) => r.service)).toEqual(["api"]);
    const split = splitForRollouts(project, sick, reconcile(project, sick, { configHash, forceRecreate: true }));
    expect(split.rollouts).toEqual([]);
    expect(renderPlan(split.plan)).toContain("service:api:1 recreate-container, --force-recreate");
  });
});

describe("isServing", () => {
  it("keeps only running, healthy replicas", () => {
    const base = running("api", "sha256:app1");
    expect(isServing(base)).toBe(true);
    expect(isServing({ ...base, health: "unhealthy" })).toBe(false);
    expect(isServing({ ...base, health: undefined })).toBe(false);
    expect(isServing({ ...base, status: "restarting" })).toBe(false);
  });
});
