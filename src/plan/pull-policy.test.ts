import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import type { ObservedState } from "./observed-state.js";
import { pullPolicyOf } from "./pull-policy.js";
import { reconcile, type ReconcileOptions } from "./reconcile.js";
import { testProject } from "./test-project.js";

const service = (pull_policy?: string): Service => ({ name: "api", command: null, entrypoint: null, ...(pull_policy ? { pull_policy } : {}) });

describe("pullPolicyOf", () => {
  it("reads the compose spec's policies, if_not_present as missing, absent as missing", () => {
    expect(["always", "never", "missing", "if_not_present", "build", undefined].map((p) => pullPolicyOf(service(p)).policy)).toEqual(["always", "never", "missing", "missing", "build", "missing"]);
  });

  it("treats daily, weekly and every_<duration> as missing, with a note", () => {
    for (const written of ["daily", "weekly", "every_12h"]) {
      expect(pullPolicyOf(service(written))).toEqual({ policy: "missing", note: `api: pull_policy "${written}" is treated as "missing" (berth keeps no time of the last pull)` });
    }
  });

  it("lets up --pull replace every service's policy, as docker compose does", () => {
    expect(pullPolicyOf(service("always"), "never").policy).toBe("never");
    expect(pullPolicyOf(service("never"), "always").policy).toBe("always");
  });
});

/** The image steps of a plan, as `image cause [pull]`. */
function imageSteps(services: Record<string, Partial<Service>>, present: string[], options: Partial<ReconcileOptions> = {}): string[] {
  const project = testProject("shop", services);
  const observed: ObservedState = { project: "shop", containers: [], networks: [], volumes: [], images: Object.fromEntries(present.map((image) => [image, `sha256:${image}`])) };
  const plan = reconcile(project, observed, { configHash: () => "h", ...options });
  return plan.steps.flatMap(({ operation: op, cause }) => (op.kind === "ensure-image" || op.kind === "build-image" ? [`${op.kind} ${op.image} (${cause})${"pull" in op && op.pull ? ` pull=${op.pull}` : ""}`] : []));
}

describe("reconcile with pull_policy", () => {
  it("always: pulls even an image that is already on the machine", () => {
    expect(imageSteps({ cache: { image: "redis:7", pull_policy: "always" } }, ["redis:7"])).toEqual(["ensure-image redis:7 (pull_policy: always) pull=always"]);
  });

  it("never: a missing image is looked up locally only", () => {
    expect(imageSteps({ cache: { image: "redis:7", pull_policy: "never" } }, [])).toEqual(["ensure-image redis:7 (image not present locally) pull=never"]);
    expect(imageSteps({ cache: { image: "redis:7", pull_policy: "never" } }, ["redis:7"])).toEqual([]);
  });

  it("build: builds on every up even when the image is there, but not twice in one run", () => {
    const api = { image: "shop-api", build: { context: "/srv/app/api" }, pull_policy: "build" };
    expect(imageSteps({ api }, ["shop-api"])).toEqual(["build-image shop-api (pull_policy: build)"]);
    expect(imageSteps({ api }, ["shop-api"], { built: true })).toEqual([]);
    expect(imageSteps({ api }, ["shop-api"], { build: "never" })).toEqual([]);
  });

  it("missing (and the default): only what is absent, built when buildable", () => {
    expect(imageSteps({ cache: { image: "redis:7" }, api: { image: "shop-api", build: { context: "/a" }, pull_policy: "missing" } }, ["redis:7"])).toEqual(["build-image shop-api (image missing)"]);
  });

  it("up --pull replaces the services' policies; a periodic policy is planned as missing with a warning", () => {
    expect(imageSteps({ cache: { image: "redis:7", pull_policy: "always" } }, ["redis:7"], { pull: "never" })).toEqual([]);
    expect(imageSteps({ cache: { image: "redis:7" } }, ["redis:7"], { pull: "always" })).toEqual(["ensure-image redis:7 (--pull always) pull=always"]);
    const project = testProject("shop", { cache: { image: "redis:7", pull_policy: "daily" } });
    const plan = reconcile(project, { project: "shop", containers: [], networks: [], volumes: [], images: { "redis:7": "sha256:r" } }, { configHash: () => "h" });
    expect(plan.warnings).toEqual(['cache: pull_policy "daily" is treated as "missing" (berth keeps no time of the last pull)']);
  });
});
