import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import { FakeEngine, type FakeBehaviour } from "../engine/fake-engine.js";
import { configHashOf } from "../plan/mounted-files.js";
import { reconcile } from "../plan/reconcile.js";
import { testProject } from "../plan/test-project.js";
import { EventHub } from "./event-hub.js";
import { executePlan, type ExecuteOptions } from "./execute.js";
import { observeProject } from "./observe.js";
import type { ProgressEvent } from "./progress.js";

const healthcheck = { test: ["CMD", "true"], interval: "5s" };
const healthy = { condition: "service_healthy", required: true } as const;

/** Observes, plans and executes one `up` of `services` on a FakeEngine, collecting progress. */
async function up(services: Record<string, Partial<Service>>, options: { behave?: Record<string, FakeBehaviour>; images?: string[]; engine?: FakeEngine; extra?: Partial<ExecuteOptions> } = {}) {
  const engine = options.engine ?? new FakeEngine({ images: options.images ?? ["app:1", "postgres:15"], behave: (request) => options.behave?.[request.name] ?? {} });
  const project = testProject("shop", services);
  const observed = await observeProject(engine, project);
  const plan = reconcile(project, observed, { configHash: configHashOf(project) });
  const stop = new AbortController();
  const events = new EventHub();
  void events.run(engine, project.name, stop.signal);
  const progress: ProgressEvent[] = [];
  try {
    const result = await executePlan(plan, { engine, project, observed, events, signal: stop.signal, waitTimeoutMs: 20_000, stableMs: 0, configHash: configHashOf(project), onProgress: (event) => progress.push(event), ...options.extra });
    const phases = (service: string) => progress.filter((p) => p.service === service).map((p) => p.phase);
    return { result, progress, phases, engine, plan };
  } finally {
    stop.abort();
  }
}

describe("executePlan", () => {
  it("brings every service up, a dependant only after its dependency is healthy, and records when each gate passed", async () => {
    const { result, phases, engine } = await up({
      db: { image: "postgres:15", healthcheck },
      api: { image: "app:1", depends_on: { db: healthy } },
    });
    expect(result.failures.size).toBe(0);
    expect(result.interrupted).toBe(false);
    expect([...result.containers.keys()].sort()).toEqual(["api:1", "db:1"]);
    expect(result.readyAt.has("db:healthy")).toBe(true);
    expect(phases("db")).toEqual(["creating", "starting", "waiting", "healthy"]);
    const starts = engine.calls.filter((call) => call.startsWith("start "));
    expect(starts).toEqual(["start shop-db-1", "start shop-api-1"]);
  });

  it("blocks what depends on a failed service, says so, and still brings up the rest of the stack", async () => {
    const { result, progress, engine } = await up(
      {
        db: { image: "postgres:15", healthcheck },
        api: { image: "app:1", depends_on: { db: healthy } },
        web: { image: "app:1", depends_on: { api: { condition: "service_started", required: true } } },
        worker: { image: "app:1" },
      },
      { behave: { "shop-db-1": { exitOnStart: 1 } } },
    );
    expect(result.failures.get("db")).toMatchObject({ service: "db", phase: "gate", gate: { kind: "healthy" } });
    expect(result.failures.get("api")).toEqual({ service: "api", phase: "blocked", error: "blocked by db", blockedBy: ["db"] });
    // Blocked transitively: web waits on api, which never started because of db.
    expect(result.failures.get("web")).toMatchObject({ phase: "blocked", blockedBy: ["db"] });
    expect(result.failures.has("worker")).toBe(false);
    expect(engine.calls).toContain("start shop-worker-1");
    expect(engine.calls.filter((call) => call === "start shop-api-1" || call === "start shop-web-1")).toEqual([]);
    expect(progress).toContainEqual(expect.objectContaining({ service: "api", phase: "blocked", detail: "waiting for db, which failed" }));
    expect(progress).toContainEqual(expect.objectContaining({ service: "db", phase: "failed" }));
  });

  it("does not block a dependant on a failed dependency it marked `required: false`", async () => {
    const { result } = await up(
      { cache: { image: "app:1", healthcheck }, api: { image: "app:1", depends_on: { cache: { condition: "service_healthy", required: false } } } },
      { behave: { "shop-cache-1": { exitOnStart: 2 } } },
    );
    expect([...result.failures.keys()]).toEqual(["cache"]);
    expect(result.containers.has("api:1")).toBe(true);
  });

  it.each([
    [0, [], true],
    [3, ["migrate", "api"], false],
  ])("waits for a job to complete (exit %i) before its dependants start", async (exitCode, failed, apiStarts) => {
    const { result, engine } = await up(
      { migrate: { image: "app:1" }, api: { image: "app:1", depends_on: { migrate: { condition: "service_completed_successfully", required: true } } } },
      { behave: { "shop-migrate-1": { exitOnStart: exitCode } } },
    );
    expect([...result.failures.keys()].sort()).toEqual([...failed].sort());
    if (exitCode !== 0) expect(result.failures.get("migrate")).toMatchObject({ phase: "gate", gate: { kind: "completed" } });
    else expect(result.readyAt.has("migrate:completed")).toBe(true);
    expect(engine.calls.includes("start shop-api-1")).toBe(apiStarts);
  });

  it("fails a service whose image is missing when pulling is off, naming the image, and blocks its dependants", async () => {
    const { result, engine } = await up(
      { cache: { image: "redis:7" }, api: { image: "app:1", depends_on: { cache: { condition: "service_started", required: true } } } },
      { extra: { pull: "never" } },
    );
    expect(result.failures.get("cache")).toEqual({ service: "cache", phase: "image", error: "no such image: redis:7 (not on this machine, and pulling is off)", image: "redis:7" });
    expect(result.failures.get("api")?.blockedBy).toEqual(["cache"]);
    expect(engine.calls.some((call) => call.includes("redis"))).toBe(false);
  });

  it("keys the failure of a shared resource by the resource, and blocks every service that needs it", async () => {
    const engine = new FakeEngine({ images: ["app:1"] });
    // A network of that name made by hand, without the project's labels: observe cannot see it, create conflicts.
    await engine.createNetwork({ name: "shop_default", labels: {} });
    const { result } = await up({ api: { image: "app:1" }, worker: { image: "app:1" } }, { engine });
    expect(result.failures.get("network:shop_default")).toEqual({ service: "network:shop_default", phase: "create", error: "network with name shop_default already exists" });
    expect(result.failures.get("api")).toMatchObject({ phase: "blocked", blockedBy: ["network:shop_default"] });
    expect(result.failures.get("worker")).toMatchObject({ phase: "blocked", blockedBy: ["network:shop_default"] });
  });

  it("starts nothing once the run is interrupted, and says it was", async () => {
    const stopped = new AbortController();
    stopped.abort();
    const { result, engine } = await up({ api: { image: "app:1" } }, { extra: { signal: stopped.signal } });
    expect(result.interrupted).toBe(true);
    expect(engine.calls).toEqual([]);
    expect(result.failures.size).toBe(0);
  });

  it("builds one image at a time, streaming each build's lines as the service's progress", async () => {
    class SlowBuilds extends FakeEngine {
      building = 0;
      most = 0;
      override async buildImage(...args: Parameters<FakeEngine["buildImage"]>) {
        this.most = Math.max(this.most, ++this.building);
        await new Promise((resolve) => setTimeout(resolve, 10));
        this.building -= 1;
        return super.buildImage(...args);
      }
    }
    const engine = new SlowBuilds({ build: (request) => ({ ok: true, imageId: `sha256:${request.tags[0]}`, log: `built ${request.tags[0]}` }) });
    const { result, progress } = await up({ api: { build: { context: "/srv/app/api" } }, web: { build: { context: "/srv/app/web" } } }, { engine });
    expect(result.failures.size).toBe(0);
    expect(engine.most).toBe(1);
    expect(progress.filter((p) => p.phase === "building" && p.detail?.startsWith("built ")).map((p) => `${p.service}: ${p.detail}`).sort()).toEqual(["api: built shop-api", "web: built shop-web"]);
  });

  it("turns a failed build into a build failure with its log and image, and blocks nothing else", async () => {
    const engine = new FakeEngine({ images: ["app:1"], build: () => ({ ok: false, error: "RUN npm ci failed", log: "#5 ERROR: npm ci\n" }) });
    const { result } = await up({ api: { build: { context: "/srv/app/api" } }, worker: { image: "app:1" } }, { engine });
    expect(result.failures.get("api")).toMatchObject({ phase: "build", error: "RUN npm ci failed", buildLog: "#5 ERROR: npm ci\n" });
    expect(result.failures.has("worker")).toBe(false);
  });
});
