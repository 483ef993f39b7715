import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { containersOf, deployedStack } from "../rollout/test-stack.js";
import { releaseOfRun } from "../release/release-of-run.js";
import { readReleases, recordRelease } from "../release/release-store.js";
import { rollbackProject } from "./rollback-project.js";
import { acceptImageIds, deploy } from "../release/test-releases.js";
import { readPins } from "../release/pins.js";

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

describe("releases of rollouts, and rollback", () => {
  it("records deployed and rolled-back releases and rolls back to the previous deployed images", async () => {
    const stack = await deployedStack();
    await acceptImageIds(stack.engine);
    const stateDir = await mkdtemp(join(tmpdir(), "berth-rollback-"));
    dirs.push(stateDir);
    const first = releaseOfRun({ project: stack.project("app:1"), command: "up", before: stack.observed, after: stack.observed, outcomes: [], targets: new Map(), otherFailures: [], at: "2026-11-23T08:39:00.000Z" });
    expect(first).toMatchObject({ outcome: "deployed", changes: [], services: [{ service: "api", image: "app:1" }] });
    await recordRelease(stateDir, first);
    const bad = await deploy(stack, stateDir, "app:bad");
    expect(bad).toMatchObject({ outcome: "rolled-back", changes: [{ service: "api", cause: "image app:bad changed" }] });
    expect(bad.diagnoses[0]).toMatch(/^api: unhealthy: .*; rolled-back$/);
    expect((await deploy(stack, stateDir, "app:2")).outcome).toBe("deployed");
    expect(await containersOf(stack.engine)).toEqual(["shop-api-1 app:2 running"]);

    const result = await rollbackProject({ engine: stack.engine, project: stack.project("app:2"), stateDir, events: stack.events, signal: stack.signal, waitTimeoutMs: 2000, settleMs: 0 });
    expect(result.target.id).toBe(1);
    expect(result.release).toMatchObject({ id: 4, command: "rollback", rollbackOf: 1, outcome: "deployed" });
    expect(await containersOf(stack.engine)).toEqual(["shop-api-1 app:1 running"]);
    expect((await readReleases(stateDir)).map((r) => r.outcome)).toEqual(["deployed", "rolled-back", "deployed", "deployed"]);
    // The rollback sticks: api is pinned to release #1's image until up --release latest or a new build.
    const recorded = result.target.services[0]?.imageId;
    expect(await readPins(stateDir)).toEqual([{ service: "api", image: "app:2", imageId: recorded, release: 1 }]);
  });

  it("first converges what an interrupted rollout left, then rolls back", async () => {
    const stack = await deployedStack();
    await acceptImageIds(stack.engine);
    const stateDir = await mkdtemp(join(tmpdir(), "berth-rollback-"));
    dirs.push(stateDir);
    await recordRelease(stateDir, releaseOfRun({ project: stack.project("app:1"), command: "up", before: stack.observed, after: stack.observed, outcomes: [], targets: new Map(), otherFailures: [], at: "2026-11-23T08:39:00.000Z" }));
    await deploy(stack, stateDir, "app:2");
    // A berth killed mid-rollout of app:bad: its successor still runs beside the serving replica.
    const leftover = await stack.engine.createContainer({ name: "shop-api-1_next", Image: "app:bad", Labels: { "com.docker.compose.project": "shop", "com.docker.compose.service": "api", "com.docker.compose.container-number": "1" } });
    await stack.engine.startContainer(leftover);
    const steps: string[] = [];
    const result = await rollbackProject({ engine: stack.engine, project: stack.project("app:2"), stateDir, events: stack.events, signal: stack.signal, waitTimeoutMs: 2000, settleMs: 0, onStep: (service, message) => steps.push(`${service}: ${message}`) });
    expect(result.release?.outcome).toBe("deployed");
    expect(steps[0]).toMatch(/^api: left by an interrupted rollout: remove shop-api-1_next/);
    expect(await containersOf(stack.engine)).toEqual(["shop-api-1 app:1 running"]);
  });

  it("refuses to roll back with fewer than two deployed releases", async () => {
    const stack = await deployedStack();
    const stateDir = await mkdtemp(join(tmpdir(), "berth-rollback-"));
    dirs.push(stateDir);
    await expect(rollbackProject({ engine: stack.engine, project: stack.project("app:1"), stateDir, events: stack.events, signal: stack.signal, waitTimeoutMs: 2000, settleMs: 0 })).rejects.toMatchObject({ code: "rollback-nothing" });
  });
});
