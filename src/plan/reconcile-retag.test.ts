import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import { serviceConfigHash } from "./config-hash.js";
import type { ObservedContainer, ObservedState } from "./observed-state.js";
import { renderPlan } from "./plan.js";
import { reconcile, type ReconcileOptions } from "./reconcile.js";
import { testProject } from "./test-project.js";

// Issue 17 item 5: a new tag naming the image id a container already runs, with nothing else
// changed, keeps the container; the plan says why.
const api = (image: string, extra: Partial<Service> = {}) => testProject("shop", { api: { image, environment: { MODE: "prod" }, ...extra } });
const hashOf = (image: string, extra: Partial<Service> = {}) => serviceConfigHash(api(image, extra).services["api"] as Service);
const options: ReconcileOptions = { configHash: serviceConfigHash };

/** shop-api-1 as `berth up` created it from `app:1`, which is image sha256:aaa…. */
function runningOn(image: string, overrides: Partial<ObservedContainer> = {}): ObservedContainer {
  return { id: "c1", name: "shop-api-1", service: "api", number: 1, oneoff: false, status: "running", exitCode: 0, configHash: hashOf(image), imageId: "sha256:aaaaaaaaaaaaaaaa", imageRef: image, health: undefined, ...overrides };
}

function observed(images: Record<string, string>, containers: ObservedContainer[] = [runningOn("app:1")]): ObservedState {
  return { project: "shop", containers, networks: [{ name: "shop_default", id: "n1" }], volumes: [], images };
}

const sameId = { "app:1": "sha256:aaaaaaaaaaaaaaaa", "registry.local/app:2026.12": "sha256:aaaaaaaaaaaaaaaa" };
const plan = (project: ReturnType<typeof api>, state: ObservedState, extra: Partial<ReconcileOptions> = {}) => renderPlan(reconcile(project, state, { ...options, ...extra }));

describe("reconcile with a new tag of the image a container runs", () => {
  it("keeps the container and says in the plan that the new tag is the same image", () => {
    expect(plan(api("registry.local/app:2026.12"), observed(sameId))).toBe(
      "[1] service:api await started-stable, readiness; up to date\n" +
        "warning: kept: shop-api-1: registry.local/app:2026.12 is the same image (sha256:aaaaaaaaaaaa) as app:1, which it runs; nothing else changed\n",
    );
  });

  it("says nothing when the reference did not change at all", () => {
    expect(plan(api("app:1"), observed(sameId))).toBe("[1] service:api await started-stable, readiness; up to date\n");
  });

  it("recreates when the new tag names another image", () => {
    const text = plan(api("app:2"), observed({ "app:1": "sha256:aaaaaaaaaaaaaaaa", "app:2": "sha256:bbbbbbbbbbbbbbbb" }));
    expect(text).toMatch(/^\[1\] service:api:1 recreate-container, config changed \(hash \w{8} -> \w{8}\)$/m);
    expect(text).not.toContain("kept:");
  });

  it("recreates when the new tag is the same image but something else changed too", () => {
    const text = plan(api("registry.local/app:2026.12", { environment: { MODE: "debug" } }), observed(sameId));
    expect(text).toContain("service:api:1 recreate-container, config changed");
    expect(text).not.toContain("kept:");
  });

  it("recreates a container created before berth recorded the reference (no io.berth.image-ref label)", () => {
    const { imageRef: _dropped, ...old } = runningOn("app:1");
    const text = plan(api("registry.local/app:2026.12"), observed(sameId, [old]));
    expect(text).toContain("service:api:1 recreate-container, config changed");
  });

  it("recreates when the container's hash did not come from the recorded reference (its label was written by something else)", () => {
    const text = plan(api("registry.local/app:2026.12"), observed(sameId, [runningOn("app:1", { configHash: "written-by-compose" })]));
    expect(text).toContain("service:api:1 recreate-container, config changed (hash written- -> ");
  });

  it("recreates when the new reference is not on the engine yet (a pull step is planned; its id is unknown)", () => {
    const text = plan(api("registry.local/app:2026.12"), observed({ "app:1": "sha256:aaaaaaaaaaaaaaaa" }));
    expect(text).toContain("image:registry.local/app:2026.12 ensure-image, image not present locally");
    expect(text).toContain("service:api:1 recreate-container, config changed");
  });

  it("recreates when this run pulls the new reference (pull_policy: always may move it)", () => {
    const text = plan(api("registry.local/app:2026.12", { pull_policy: "always" }), observed(sameId, [runningOn("app:1", { configHash: hashOf("app:1", { pull_policy: "always" }) })]));
    expect(text).toContain("ensure-image, pull_policy: always");
    expect(text).toContain("service:api:1 recreate-container, config changed");
  });

  it("recreates a built image's new tag when this run builds it (--build: the build may give another id)", () => {
    const build = { context: "/srv/app" };
    const state = observed(sameId, [runningOn("app:1", { configHash: hashOf("app:1", { build }) })]);
    const text = plan(api("registry.local/app:2026.12", { build }), state, { build: "always" });
    expect(text).toContain("build-image, --build");
    expect(text).toContain("service:api:1 recreate-container, config changed");
  });

  it("recreates a built image whose build context changed (the stale-build digest), even when its new tag is the old id", () => {
    const build = { context: "/srv/app" };
    const state = { ...observed(sameId, [runningOn("app:1", { configHash: hashOf("app:1", { build }) })]), staleImages: { "registry.local/app:2026.12": "api: its build context changed" } };
    const text = plan(api("registry.local/app:2026.12", { build }), state);
    expect(text).toContain("build-image, build context changed since the image was built");
    expect(text).toContain("service:api:1 recreate-container");
  });

  it("keeps a built image's new tag when nothing is built (--no-build) and the tag is the running id", () => {
    const build = { context: "/srv/app" };
    const state = observed(sameId, [runningOn("app:1", { configHash: hashOf("app:1", { build }) })]);
    expect(plan(api("registry.local/app:2026.12", { build }), state, { build: "never" })).toContain("warning: kept: shop-api-1: registry.local/app:2026.12 is the same image");
  });

  it("--force-recreate recreates it anyway", () => {
    expect(plan(api("registry.local/app:2026.12"), observed(sameId), { forceRecreate: true })).toContain("service:api:1 recreate-container, --force-recreate");
  });

  it("a rollback pin to another image still wins (the pinned id is what must run)", () => {
    const pinned = { api: { imageId: "sha256:cccccccccccccccc", why: "rollback to #1" } };
    const text = plan(api("registry.local/app:2026.12"), observed(sameId), { pinned });
    expect(text).toContain("service:api:1 recreate-container, image pinned to cccccccccccc (rollback to #1)");
    expect(text).not.toContain("kept:");
  });

  it("a rollback pin to the id it runs keeps it", () => {
    const pinned = { api: { imageId: "sha256:aaaaaaaaaaaaaaaa", why: "rollback to #1" } };
    const text = plan(api("registry.local/app:2026.12"), observed(sameId), { pinned });
    expect(text).not.toContain("recreate-container");
    expect(text).toContain("warning: kept: shop-api-1:");
  });

  it("decides per replica: one kept, one whose label came from another config recreated", () => {
    const two = api("registry.local/app:2026.12", { deploy: { replicas: 2 } });
    const hash = hashOf("app:1", { deploy: { replicas: 2 } });
    const replicas = [runningOn("app:1", { configHash: hash }), runningOn("app:1", { id: "c2", name: "shop-api-2", number: 2, configHash: "older" })];
    const text = plan(two, observed(sameId, replicas));
    expect(text).toContain("warning: kept: shop-api-1: registry.local/app:2026.12 is the same image");
    expect(text).toContain("service:api:2 recreate-container, config changed (hash older -> ");
    expect(text).not.toContain("service:api:1 recreate-container");
  });
});
