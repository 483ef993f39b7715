import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Project } from "../compose/model/project.js";
import { deployProject } from "../deploy/deploy-project.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { testProject } from "../plan/test-project.js";
import { readReleases } from "../release/release-store.js";
import { containersOf } from "./test-stack.js";

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

const healthcheck = { test: ["CMD", "true"], interval: "1s", retries: 1 };
const shop = (apiImage: string) =>
  testProject("shop", {
    api: { image: apiImage, healthcheck },
    web: { image: "nginx:1.22", depends_on: { api: { condition: "service_healthy", required: true } } },
  });

async function up(engine: FakeEngine, project: Project, stateDir: string) {
  return deployProject({ engine, project, signal: new AbortController().signal, waitTimeoutMs: 3000, stableMs: 0, build: "never", removeOrphans: false, forceRecreate: false, pull: "never", stateDir, settleMs: 0 });
}

describe("berth up with rolling updates", () => {
  it("rolls a changed stateless service, rolls back a broken one, and records both releases", async () => {
    const engine = new FakeEngine({ images: ["app:1", "app:2", "app:bad", "nginx:1.22"], behave: (r) => (r.Image === "app:bad" ? { health: "unhealthy" } : {}) });
    const stateDir = await mkdtemp(join(tmpdir(), "berth-up-rollout-"));
    dirs.push(stateDir);
    expect((await up(engine, shop("app:1"), stateDir)).release).toBe(1);

    const v2 = await up(engine, shop("app:2"), stateDir);
    expect(v2).toMatchObject({ ok: true, release: 2, rollouts: [{ service: "api", status: "replaced" }] });
    expect(v2.services.find((s) => s.service === "api")).toMatchObject({ state: "running", health: "healthy" });
    expect(engine.calls).toContain("create shop-api-1_next");

    const bad = await up(engine, shop("app:bad"), stateDir);
    expect(bad).toMatchObject({ ok: false, release: 3, rollouts: [{ service: "api", status: "rolled-back" }] });
    expect(bad.services.find((s) => s.service === "api")?.diagnoses.map((d) => d.code)).toContain("unhealthy");
    expect(await containersOf(engine)).toEqual(["shop-api-1 app:2 running", "shop-web-1 nginx:1.22 running"]);
    expect((await readReleases(stateDir)).map((r) => r.outcome)).toEqual(["deployed", "deployed", "rolled-back"]);
  });

  it("records nothing when nothing changed", async () => {
    const engine = new FakeEngine({ images: ["app:1", "nginx:1.22"] });
    const stateDir = await mkdtemp(join(tmpdir(), "berth-up-rollout-"));
    dirs.push(stateDir);
    await up(engine, shop("app:1"), stateDir);
    const again = await up(engine, shop("app:1"), stateDir);
    expect(again.release).toBeUndefined();
    expect(again.rollouts).toBeUndefined();
  });
});
