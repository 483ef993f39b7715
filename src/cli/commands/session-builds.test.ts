import { describe, expect, it } from "vitest";
import type { Plan } from "../../plan/plan.js";
import { testProject } from "../../plan/test-project.js";
import { plannedBuilds, refuseSessionBuilds, sessionBuildNote } from "./session-builds.js";

const project = testProject("shop", {
  api: { build: { context: "/srv/app/api", secrets: [{ source: "npm_token" }] } as never },
  web: { build: { context: "/srv/app/web" } },
  cache: { image: "redis:7" },
});

describe("refusing builds berth cannot give their secrets or ssh", () => {
  it("refuses when a service to build has build.secrets; builds of other services pass", () => {
    expect(() => refuseSessionBuilds(project, ["web", "api"])).toThrow(/services\.api\.build\.secrets: berth cannot pass build secrets/);
    expect(() => refuseSessionBuilds(project, ["web", "cache"])).not.toThrow();
    expect(() => refuseSessionBuilds(project, [])).not.toThrow();
    expect(() => refuseSessionBuilds(project, ["nosuch"])).not.toThrow();
  });

  it("a dry run's plan says up would stop before building, and says nothing when it would not", () => {
    expect(sessionBuildNote(project, ["api"])).toMatch(/^error: up would stop before building: services\.api\.build\.secrets: berth cannot pass build secrets .*\n$/);
    expect(sessionBuildNote(project, ["web"])).toBe("");
  });

  it("a plan's builds are its build-image steps", () => {
    const plan = {
      project: "shop",
      warnings: [],
      steps: [
        { operation: { kind: "build-image", service: "api", image: "shop-api" } },
        { operation: { kind: "ensure-image", image: "redis:7" } },
        { operation: { kind: "build-image", service: "web", image: "shop-web" } },
      ],
    } as unknown as Plan;
    expect(plannedBuilds(plan)).toEqual(["api", "web"]);
  });
});
