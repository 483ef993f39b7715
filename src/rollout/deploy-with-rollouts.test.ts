import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Project, Service } from "../compose/model/project.js";
import { deployProject } from "../runs/deploy-project.js";
import type { ContainerCreateRequest } from "../engine/engine.js";
import { FakeEngine } from "../engine/fake-engine.js";
import type { FakeBehaviour } from "../engine/fake-container.js";
import { testProject } from "../plan/test-project.js";
import { readReleases } from "../release/release-store.js";
import { renderSplitPlan } from "./render-split.js";
import { containersOf } from "./test-stack.js";

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

const healthcheck = { test: ["CMD", "true"], interval: "1s", retries: 1 };
const shop = (apiImage: string) =>
  testProject("shop", {
    api: { image: apiImage, healthcheck },
    web: { image: "nginx:1.22", depends_on: { api: { condition: "service_healthy", required: true } } },
  });

/**
 * The nginx stand-in writes its start-up line as the real image's entrypoint does. A silent
 * service without a healthcheck is judged by the final watch 5 s after its start (and the fake
 * engine reports no StartedAt, so on every deploy): that wait is final-watch's own behaviour,
 * tested there, not what these tests are about.
 */
const nginxReady: FakeBehaviour = { logs: [{ stream: "stdout", text: "/docker-entrypoint.sh: Configuration complete; ready for start up\n" }] };
const withNginx =
  (behave: (request: ContainerCreateRequest) => FakeBehaviour = () => ({})) =>
  (request: ContainerCreateRequest): FakeBehaviour =>
    request.Image.startsWith("nginx:") ? nginxReady : behave(request);

async function up(engine: FakeEngine, project: Project, stateDir: string) {
  return deployProject({ engine, project, signal: new AbortController().signal, waitTimeoutMs: 3000, stableMs: 0, build: "never", removeOrphans: false, forceRecreate: false, pull: "never", stateDir, settleMs: 0 });
}

describe("berth up with rolling updates", () => {
  it("rolls a changed stateless service, rolls back a broken one, and records both releases", async () => {
    const engine = new FakeEngine({ images: ["app:1", "app:2", "app:bad", "nginx:1.22"], behave: withNginx((r) => (r.Image === "app:bad" ? { health: "unhealthy" } : {})) });
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

  it("rolls back a healthy successor whose gate probe fails, naming the probe, what it expected and what it got", async () => {
    const exec = (command: readonly string[]) => (command[0] === "cat" ? { output: "degraded\n" } : {});
    const engine = new FakeEngine({ images: ["app:1", "app:wrong", "nginx:1.22"], behave: withNginx((r) => (r.Image === "app:wrong" ? { exec } : { exec: (c) => (c[0] === "cat" ? { output: "ok\n" } : {}) })) });
    const stateDir = await mkdtemp(join(tmpdir(), "berth-up-rollout-"));
    dirs.push(stateDir);
    const gated = (image: string) => {
      const project = shop(image);
      const verify = [{ name: "api-selftest", gate: true, exec: { command: ["cat", "/app/selftest"], contains: "ok" } }];
      return { ...project, services: { ...project.services, api: { ...project.services["api"], "x-berth": { verify } } as Service } };
    };
    await up(engine, gated("app:1"), stateDir);
    const wrong = await up(engine, gated("app:wrong"), stateDir);
    expect(wrong).toMatchObject({ ok: false, rollouts: [{ service: "api", status: "rolled-back", failure: { reason: "verify", detail: 'gate probe api-selftest: expected the output to contain "ok"' } }] });
    const diagnosis = wrong.services.find((s) => s.service === "api")?.diagnoses[0];
    expect(diagnosis).toMatchObject({ code: "gate-probe-failed", message: 'api is healthy but gate probe api-selftest failed on shop-api-1_next: expected the output to contain "ok"' });
    expect(diagnosis?.evidence).toMatchObject({ probe: "api-selftest", target: "exec in api: cat /app/selftest at shop-api-1_next (172.18.0.2)", answered: "degraded", others: "" });
    expect(await containersOf(engine)).toEqual(["shop-api-1 app:1 running", "shop-web-1 nginx:1.22 running"]);
  });

  it.each([
    ["unhealthy", { health: "unhealthy" as const }],
    ["crash-looping", { exitOnStart: 1 }],
  ])("fixes a failed first deploy (%s) with a plain up: the broken container is recreated, not gated on, and the new one judged", async (_, broken) => {
    const engine = new FakeEngine({ images: ["app:1", "app:bad", "nginx:1.22"], behave: withNginx((r) => (r.Image === "app:bad" ? broken : {})) });
    const stateDir = await mkdtemp(join(tmpdir(), "berth-up-rollout-"));
    dirs.push(stateDir);
    const failed = await up(engine, shop("app:bad"), stateDir);
    expect(failed.ok).toBe(false);
    const fixed = await up(engine, shop("app:1"), stateDir);
    expect(fixed).toMatchObject({ ok: true });
    expect(fixed.rollouts).toBeUndefined();
    expect(fixed.services.find((s) => s.service === "api")).toMatchObject({ state: "running", health: "healthy", diagnoses: [] });
    expect(await containersOf(engine)).toEqual(["shop-api-1 app:1 running", "shop-web-1 nginx:1.22 running"]);
    expect(engine.calls).not.toContain("create shop-api-1_next");
  });

  it("puts a published front behind a port holder and rolls it start-first after its backend; the holder stays", async () => {
    const engine = new FakeEngine({ images: ["app:1", "app:2", "web:1", "web:2", "node:20-bookworm-slim"] });
    const stateDir = await mkdtemp(join(tmpdir(), "berth-up-rollout-"));
    dirs.push(stateDir);
    const port = { mode: "ingress", host_ip: "127.0.0.1", target: 8080, published: "18080", protocol: "tcp" };
    const stack = (version: string, web: Partial<Service> = {}) =>
      testProject("shop", {
        web: { image: `web:${version}`, healthcheck, ports: [port], depends_on: { api: { condition: "service_healthy", required: true } }, ...web },
        api: { image: `app:${version}`, healthcheck },
      });
    const created: ContainerCreateRequest[] = [];
    const create = engine.createContainer.bind(engine);
    engine.createContainer = (request) => (created.push(request), create(request));
    const first = await up(engine, stack("1"), stateDir);
    expect(first.ok).toBe(true);
    const holder = (await engine.listContainers()).find((c) => c.name === "shop-web-edge-1");
    expect(holder).toMatchObject({ image: "node:20-bookworm-slim", state: "running" });
    const bindings = (name: string) => created.find((request) => request.name === name)?.HostConfig?.PortBindings;
    expect(bindings("shop-web-edge-1")).toEqual({ "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "18080" }] });
    expect(bindings("shop-web-1")).toEqual({});
    const steps: string[] = [];
    const second = await deployProject({ engine, project: stack("2"), signal: new AbortController().signal, waitTimeoutMs: 3000, stableMs: 0, build: "never", removeOrphans: false, forceRecreate: false, pull: "never", stateDir, settleMs: 0, onRolloutStep: (service, message) => steps.push(`${service}: ${message}`) });
    expect(second).toMatchObject({ ok: true, rollouts: [{ service: "api", status: "replaced" }, { service: "web", status: "replaced" }] });
    expect(steps.filter((step) => step.includes("rolling:"))).toEqual([expect.stringMatching(/^api: rolling: start-first/), expect.stringMatching(/^web: rolling: start-first/)]);
    expect(engine.calls).toContain("create shop-web-1_next");
    expect(bindings("shop-web-1_next")).toEqual({});
    expect((await engine.listContainers()).find((c) => c.name === "shop-web-edge-1")?.id).toBe(holder?.id);
  });

  it("recreates a published front in place once when its port holder is not there yet (a deployment from before holders)", async () => {
    const engine = new FakeEngine({ images: ["web:1", "web:2", "node:20-bookworm-slim"] });
    const stateDir = await mkdtemp(join(tmpdir(), "berth-up-rollout-"));
    dirs.push(stateDir);
    const port = { mode: "ingress", host_ip: "127.0.0.1", target: 8080, published: "18080", protocol: "tcp" };
    const before = await up(engine, testProject("shop", { web: { image: "web:1", healthcheck, ports: [port], "x-berth": { edge: false } } }), stateDir);
    expect(before.ok).toBe(true);
    const after = await up(engine, testProject("shop", { web: { image: "web:2", healthcheck, ports: [port] } }), stateDir);
    expect(after.ok).toBe(true);
    expect(after.rollouts).toBeUndefined();
    expect(engine.calls).not.toContain("create shop-web-1_next");
    expect(await containersOf(engine)).toEqual(["shop-web-1 web:2 running", "shop-web-edge-1 node:20-bookworm-slim running"]);
  });

  it("converges from a rollout interrupted after the old container was retired: the proven successor takes over", async () => {
    const engine = new FakeEngine({ images: ["app:1", "app:2", "nginx:1.22"], behave: withNginx() });
    const stateDir = await mkdtemp(join(tmpdir(), "berth-up-rollout-"));
    dirs.push(stateDir);
    await up(engine, shop("app:1"), stateDir);
    const old = (await engine.listContainers()).find((c) => c.name === "shop-api-1");
    const steps: string[] = [];
    // As a berth killed between retiring the old replica and renaming its successor leaves it.
    await engine.stopContainer("shop-api-1");
    await engine.renameContainer("shop-api-1", `${old?.id.slice(0, 12)}_shop-api-1`);
    // Started with the service's healthcheck, as berth starts successors: it passed before the kill.
    const successor = await engine.createContainer({ name: "shop-api-1_next", Image: "app:2", Labels: old?.labels ?? {}, Healthcheck: { Test: ["CMD", "true"] } });
    await engine.startContainer(successor);
    const again = await deployProject({ engine, project: shop("app:1"), signal: new AbortController().signal, waitTimeoutMs: 3000, stableMs: 0, build: "never", removeOrphans: false, forceRecreate: false, pull: "never", stateDir, settleMs: 0, onRolloutStep: (service, message) => steps.push(`${service}: ${message}`) });
    expect(steps[0]).toBe(`api: left by an interrupted rollout: remove ${old?.id.slice(0, 12)}_shop-api-1, rename shop-api-1_next to shop-api-1 (the old container was already retired after the successor was proven: the successor takes over)`);
    // The files still say app:1, so the adopted app:2 successor is rolled back to it: one container per replica.
    expect(again).toMatchObject({ ok: true, rollouts: [{ service: "api", status: "replaced" }] });
    expect(await containersOf(engine)).toEqual(["shop-api-1 app:1 running", "shop-web-1 nginx:1.22 running"]);
  });

  it("--dry-run shows the rollout it would perform and the recovery before it, and changes nothing", async () => {
    const engine = new FakeEngine({ images: ["app:1", "app:2", "nginx:1.22"], behave: withNginx() });
    await up(engine, shop("app:1"), await mkdtemp(join(tmpdir(), "berth-up-rollout-")).then((dir) => (dirs.push(dir), dir)));
    const old = (await engine.listContainers()).find((c) => c.name === "shop-api-1");
    await engine.createContainer({ name: "shop-api-1_next", Image: "app:2", Labels: old?.labels ?? {} });
    const calls = engine.calls.length;
    let text = "";
    const options = { engine, project: shop("app:2"), signal: new AbortController().signal, waitTimeoutMs: 3000, stableMs: 0, build: "never", removeOrphans: false, forceRecreate: false, pull: "never" } as const;
    await deployProject({ ...options, dryRun: true, onPlan: (_plan, split) => (text = renderSplitPlan(split)) });
    expect(text.split("\n")).toEqual(
      [
        "first, converge what an interrupted rollout left:",
        "  api: left by an interrupted rollout: remove shop-api-1_next (the old container kept serving; the unproven successor goes and the rollout starts over)",
        "[1] service:api await healthy, readiness; needed by web",
        "[2] service:web await started-stable, readiness; up to date",
        "then roll, one service at a time:",
        expect.stringMatching(/^api: start-first \(stateless with a healthcheck\), config changed \(hash \w+ -> \w+\); batches of 1; on failure rollback$/),
        "  batch 1: shop-api-1 -> shop-api-1_next",
        "",
      ],
    );
    expect(engine.calls.slice(calls)).toEqual([]);
  });

  it("keeps a container whose new tag names the image it runs, records the reference it was created with, and still rolls a real change", async () => {
    const engine = new FakeEngine({ images: ["nginx:1.22"], behave: withNginx() });
    engine.resources.addImage(["app:1", "app:release-7"]);
    const stateDir = await mkdtemp(join(tmpdir(), "berth-up-rollout-"));
    dirs.push(stateDir);
    await up(engine, shop("app:1"), stateDir);
    const before = (await engine.listContainers()).find((c) => c.name === "shop-api-1");
    expect(before?.labels["io.berth.image-ref"]).toBe("app:1");
    const retagged = await up(engine, shop("app:release-7"), stateDir);
    expect(retagged).toMatchObject({ ok: true });
    expect(retagged.rollouts).toBeUndefined();
    expect(retagged.warnings).toContainEqual(expect.stringMatching(/^kept: shop-api-1: app:release-7 is the same image \(sha256:\w{12}\) as app:1, which it runs; nothing else changed$/));
    expect((await engine.listContainers()).find((c) => c.name === "shop-api-1")?.id).toBe(before?.id);
    const changed = testProject("shop", { ...shop("app:release-7").services, api: { ...shop("app:release-7").services["api"], environment: { LOG: "debug" } } as Service });
    const rolled = await up(engine, changed, stateDir);
    expect(rolled).toMatchObject({ ok: true, rollouts: [{ service: "api", status: "replaced" }] });
    expect((await engine.listContainers()).find((c) => c.name === "shop-api-1")?.labels["io.berth.image-ref"]).toBe("app:release-7");
  });

  it("records nothing when nothing changed", async () => {
    const engine = new FakeEngine({ images: ["app:1", "nginx:1.22"], behave: withNginx() });
    const stateDir = await mkdtemp(join(tmpdir(), "berth-up-rollout-"));
    dirs.push(stateDir);
    await up(engine, shop("app:1"), stateDir);
    const again = await up(engine, shop("app:1"), stateDir);
    expect(again.release).toBeUndefined();
    expect(again.rollouts).toBeUndefined();
  });
});
