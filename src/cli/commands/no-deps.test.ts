import { describe, expect, it } from "vitest";
import { reconcile } from "../../plan/reconcile.js";
import { renderPlan } from "../../plan/plan.js";
import { emptyObservedState } from "../../plan/observed-state.js";
import { testProject } from "../../plan/test-project.js";
import { withoutDependencies } from "./no-deps.js";

const project = testProject("shop", {
  web: { image: "nginx:1.22", depends_on: { api: { condition: "service_healthy", required: true }, cache: { condition: "service_started", required: true } } },
  api: { image: "app:2", depends_on: { db: { condition: "service_healthy", required: true } } },
  cache: { image: "redis:7" },
  db: { image: "postgres:15" },
});

describe("withoutDependencies (up --no-deps)", () => {
  it("keeps the named services alone and drops their depends_on entries on the others", () => {
    const alone = withoutDependencies(project, ["web"]);
    expect(Object.keys(alone.services)).toEqual(["web"]);
    expect(alone.services["web"]?.depends_on).toEqual({});
    expect(Object.keys(alone.meta.disabledServices).sort()).toEqual(["api", "cache", "db"]);
  });

  it("keeps depends_on between services that are both named", () => {
    const two = withoutDependencies(project, ["web", "cache"]);
    expect(two.services["web"]?.depends_on).toEqual({ cache: { condition: "service_started", required: true } });
  });

  it("the plan touches the named service only, and calls nothing else an orphan", () => {
    const observed = { ...emptyObservedState("shop"), containers: [{ id: "a", name: "shop-api-1", service: "api", number: 1, oneoff: false, status: "running" as const, exitCode: 0, configHash: "h", imageId: "sha256:a", health: undefined }] };
    const text = renderPlan(reconcile(withoutDependencies(project, ["web"]), observed, { configHash: () => "h" }));
    expect(text).toContain("service:web:1 create-container");
    expect(text).not.toMatch(/service:(api|cache|db)/);
    expect(text).not.toContain("orphan");
  });

  it("no names: the project as loaded", () => {
    expect(withoutDependencies(project, [])).toBe(project);
  });
});
