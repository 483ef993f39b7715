import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Project, Service } from "../compose/model/project.js";
import { observeProject } from "../deploy/observe.js";
import { EventHub } from "../deploy/event-hub.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { configHashOf } from "../plan/mounted-files.js";
import { testProject } from "../plan/test-project.js";
import { readReleases } from "../release/release-store.js";
import { deployProject } from "./deploy-project.js";
import { rollbackProject } from "./rollback-project.js";

// A container kept because the files' new tag names the image it runs (issue 17 item 5) keeps the
// config hash of its old tag: the release records the files' hash, and a later rollback does not
// say the configuration changed when only a tag did.

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

const healthcheck = { test: ["CMD", "true"], interval: "1s", retries: 1 };
const stack = (release: string, web: Partial<Service> = {}) =>
  testProject("shop", {
    api: { image: `api:${release}`, healthcheck },
    web: { image: `web:${release}`, healthcheck, depends_on: { api: { condition: "service_healthy", required: true } }, ...web },
  });

async function setUp() {
  const engine = new FakeEngine({ images: ["api:1", "api:2", "api:3"] });
  // One web image under every release's tag: its tag follows the release, its content does not.
  engine.resources.addImage(["web:1", "web:2", "web:3"]);
  const stateDir = await mkdtemp(join(tmpdir(), "berth-kept-"));
  dirs.push(stateDir);
  const up = (project: Project) => deployProject({ engine, project, signal: new AbortController().signal, waitTimeoutMs: 3000, stableMs: 0, build: "never", removeOrphans: false, forceRecreate: false, pull: "never", stateDir, settleMs: 0 });
  const rollback = async (project: Project) => {
    const events = new EventHub();
    const stop = new AbortController();
    void events.run(engine, "shop", stop.signal);
    try {
      return await rollbackProject({ engine, project, stateDir, events, signal: new AbortController().signal, waitTimeoutMs: 3000, settleMs: 0 });
    } finally {
      stop.abort();
    }
  };
  return { engine, stateDir, up, rollback };
}

describe("a container kept under a new tag, then a rollback", () => {
  it("records the files' config hash for the kept container, and the rollback says nothing changed but the images", async () => {
    const { engine, stateDir, up, rollback } = await setUp();
    expect((await up(stack("1"))).release).toBe(1);
    const webBefore = (await engine.listContainers()).find((c) => c.name === "shop-web-1");
    const second = await up(stack("2"));
    expect(second).toMatchObject({ ok: true, release: 2, rollouts: [{ service: "api", status: "replaced" }] });
    expect(second.warnings).toContainEqual(expect.stringMatching(/^kept: shop-web-1: web:2 is the same image/));
    const webKept = (await engine.listContainers()).find((c) => c.name === "shop-web-1");
    expect(webKept?.id).toBe(webBefore?.id);
    // The container still says it was made from web:1 ...
    const label = (await observeProject(engine, stack("2"))).containers.find((c) => c.service === "web")?.configHash;
    expect(label).toBe(configHashOf(stack("1"))(stack("1").services["web"] as Service));
    // ... the release says it runs what the files of release 2 say.
    const recorded = (await readReleases(stateDir)).find((r) => r.id === 2)?.services.find((s) => s.service === "web");
    expect(recorded).toMatchObject({ image: "web:2", configHash: configHashOf(stack("2"))(stack("2").services["web"] as Service) });
    expect(recorded?.configHash).not.toBe(label);

    expect((await up(stack("3"))).release).toBe(3);
    const back = await rollback(stack("3"));
    expect(back.target.id).toBe(2);
    expect(back.outcomes).toMatchObject([{ service: "api", status: "replaced" }]);
    expect(back.warnings).toEqual([]);
  });

  it("still says so when the configuration of the kept service really changed since", async () => {
    const { up, rollback } = await setUp();
    await up(stack("1"));
    await up(stack("2"));
    await up(stack("3", { environment: { LOG: "debug" } }));
    const back = await rollback(stack("3", { environment: { LOG: "debug" } }));
    expect(back.target.id).toBe(2);
    expect(back.warnings).toEqual(["web: its configuration changed since #2; only the image was rolled back (revert the compose change and run berth up for the rest)"]);
  });
});
