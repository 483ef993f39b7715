import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import type { ObservedState } from "./observed-state.js";
import { reconcile, type ReconcileOptions } from "./reconcile.js";
import { testProject } from "./test-project.js";

// A built image whose build inputs changed since (observed.staleImages) is rebuilt by a plain up
// and its containers recreated; --no-build keeps it and says so loudly (docs/commands.md).
const healthcheck = { test: ["CMD", "true"], interval: "5s" };
const project = testProject("shop", { api: { build: { context: "/srv/app/api" }, healthcheck }, cache: { image: "redis:7" } });
const options: ReconcileOptions = { configHash: (service: Service) => `hash-of-${service.name}` };
const container = (service: string, imageId: string) => ({
  id: `id-${service}`, name: `shop-${service}-1`, service, number: 1, oneoff: false, status: "running" as const, exitCode: 0, configHash: `hash-of-${service}`, imageId, health: "healthy" as const,
});
const observed: ObservedState = {
  project: "shop",
  containers: [container("api", "sha256:a"), container("cache", "sha256:r")],
  networks: [{ name: "shop_default", id: "n1" }],
  volumes: [],
  images: { "shop-api": "sha256:a", "redis:7": "sha256:r" },
};
const stale = { ...observed, staleImages: { "shop-api": "api: its build context, Dockerfile or build args changed since shop-api was built" } };

const stepsOf = (plan: ReturnType<typeof reconcile>) => plan.steps.map((step) => `${step.operation.kind} ${"service" in step.operation ? step.operation.service : ""} (${step.cause})`);

describe("stale built images", () => {
  it("leave a converged stack alone when nothing changed", () => {
    expect(reconcile(project, observed, options).steps.filter((step) => step.operation.kind !== "await")).toEqual([]);
  });

  it("are rebuilt by a plain up, and the service's container recreated, each step saying why", () => {
    const steps = stepsOf(reconcile(project, stale, options));
    expect(steps).toContain("build-image api (build context changed since the image was built)");
    expect(steps.some((step) => step.startsWith("recreate-container api (image shop-api rebuilt (its build context changed))"))).toBe(true);
    expect(steps.some((step) => step.includes("cache") && step.startsWith("recreate"))).toBe(false);
  });

  it("are kept with --no-build, with a loud warning in the plan", () => {
    const plan = reconcile(project, stale, { ...options, build: "never" });
    expect(stepsOf(plan).some((step) => step.startsWith("build-image") || step.startsWith("recreate"))).toBe(false);
    expect(plan.warnings).toContain("STALE IMAGE: api: its build context, Dockerfile or build args changed since shop-api was built; --no-build runs the old build");
  });

  it("are built once with --build, as any build", () => {
    const steps = stepsOf(reconcile(project, stale, { ...options, build: "always" }));
    expect(steps.filter((step) => step.startsWith("build-image"))).toEqual(["build-image api (--build)"]);
  });
});
