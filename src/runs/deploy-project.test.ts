import { describe, expect, it } from "vitest";
import { FakeEngine, SPEAKS_AT_START } from "../engine/fake-engine.js";
import { testProject } from "../plan/test-project.js";
import { deployProject, type DeployOptions } from "./deploy-project.js";

const healthcheck = { test: ["CMD", "true"], interval: "5s" };
const project = testProject("shop", {
  db: { image: "postgres:15", healthcheck },
  migrate: { image: "postgres:15", depends_on: { db: { condition: "service_healthy", required: true } } },
  api: {
    image: "node:20",
    healthcheck,
    depends_on: {
      db: { condition: "service_healthy", required: true },
      migrate: { condition: "service_completed_successfully", required: true },
    },
  },
});

function options(engine: FakeEngine): DeployOptions {
  return { engine, project, signal: new AbortController().signal, waitTimeoutMs: 5_000, stableMs: 0, build: "missing", removeOrphans: false, forceRecreate: false, pull: "never" };
}

/** A fake where the migration job exits 0 at once, and `broken` services exit 1. */
function engineWith(broken: readonly string[] = [], images = ["postgres:15", "node:20"]): FakeEngine {
  return new FakeEngine({
    images,
    behave: (request) => {
      const service = request.Labels?.["com.docker.compose.service"] ?? "";
      if (broken.includes(service)) return { exitOnStart: 1, logs: [{ stream: "stderr", text: "fatal: bad config\n" }] };
      return service === "migrate" ? { exitOnStart: 0 } : SPEAKS_AT_START;
    },
  });
}

const starts = (engine: FakeEngine) => engine.calls.filter((call) => call.startsWith("start "));

describe("deployProject", () => {
  it("starts services in dependency order and waits for each gate", async () => {
    const engine = engineWith();
    const result = await deployProject(options(engine));
    expect(result.ok).toBe(true);
    expect(starts(engine)).toEqual(["start shop-db-1", "start shop-migrate-1", "start shop-api-1"]);
    expect(result.services.map((s) => [s.service, s.health])).toEqual([
      ["api", "healthy"],
      ["db", "healthy"],
      ["migrate", "none"],
    ]);
  });

  it("awaits beforeExecute with the plan before starting anything, and stops when it throws", async () => {
    const engine = engineWith();
    let seenSteps = 0;
    const refused = deployProject({
      ...options(engine),
      beforeExecute: async (plan) => {
        seenSteps = plan.steps.length;
        expect(starts(engine)).toEqual([]);
        throw new Error("backup unproven");
      },
    });
    await expect(refused).rejects.toThrow("backup unproven");
    expect(seenSteps).toBeGreaterThan(0);
    expect(starts(engine)).toEqual([]);
  });

  it("counts no restart for a job that ran once to exit 0 (its one death is its end)", async () => {
    const result = await deployProject(options(engineWith()));
    expect(result.ok).toBe(true);
    const migrate = result.services.find((s) => s.service === "migrate");
    expect(migrate).toMatchObject({ state: "exited", job: true, exitCode: 0 });
    expect(migrate).not.toHaveProperty("restarts");
  });

  it("touches nothing when run again", async () => {
    const engine = engineWith();
    await deployProject(options(engine));
    const before = engine.calls.length;
    const again = await deployProject(options(engine));
    expect(again.ok).toBe(true);
    expect(engine.calls.slice(before).filter((call) => !call.startsWith("exec"))).toEqual([]);
  });

  it("diagnoses the failing service and blocks only what depends on it", async () => {
    const engine = engineWith(["migrate"]);
    const result = await deployProject(options(engine));
    expect(result.ok).toBe(false);
    const byName = Object.fromEntries(result.services.map((s) => [s.service, s.diagnoses.map((d) => d.code)]));
    expect(byName).toEqual({ api: ["dependency-failed"], db: [], migrate: ["exit-nonzero"] });
    expect(starts(engine)).not.toContain("start shop-api-1");
  });

  it("reports a missing image without touching a registry when pulling is off", async () => {
    const engine = engineWith([], ["postgres:15"]);
    const result = await deployProject(options(engine));
    expect(result.services.find((s) => s.service === "api")?.diagnoses[0]?.code).toBe("image-not-found");
    expect(engine.calls.some((call) => call.startsWith("pull"))).toBe(false);
  });

  it("starts a service whose optional dependency failed", async () => {
    const optional = testProject("shop", {
      cache: { image: "postgres:15" },
      api: { image: "node:20", depends_on: { cache: { condition: "service_started", required: false } } },
    });
    const engine = engineWith(["cache"]);
    const result = await deployProject({ ...options(engine), project: optional });
    expect(result.services.map((s) => [s.service, s.diagnoses.map((d) => d.code)])).toEqual([
      ["api", []],
      ["cache", ["exit-nonzero"]],
    ]);
    expect(starts(engine)).toContain("start shop-api-1");
  });
});

/** Each service's own pull_policy decides: no `--pull`. */
function ownPolicies(engine: FakeEngine, project: DeployOptions["project"]): DeployOptions {
  const { pull, ...rest } = options(engine);
  expect(pull).toBe("never");
  return { ...rest, project };
}

describe("deployProject with pull_policy", () => {
  const built = testProject("shop", { api: { image: "shop-api", build: { context: "/srv/app/api" }, pull_policy: "build" } });

  it("rebuilds a pull_policy: build image on every up, once per run, before its container is planned", async () => {
    const engine = new FakeEngine({ images: ["shop-api"], behave: () => SPEAKS_AT_START });
    const first = await deployProject(ownPolicies(engine, built));
    expect(first.ok).toBe(true);
    const second = await deployProject(ownPolicies(engine, built));
    expect(second.ok).toBe(true);
    // The fake gives every build a new image id, so the second run recreates the container on it.
    expect(engine.calls.filter((call) => call.startsWith("build ") || call.startsWith("create shop"))).toEqual(["build shop-api", "create shop-api-1", "build shop-api", "create shop-api-1"]);
  });

  it("fails pull_policy: always on a local image when the pull fails, naming the local copy", async () => {
    const always = testProject("shop", { cache: { image: "redis:7", pull_policy: "always" } });
    const engine = new FakeEngine({ images: ["redis:7"] });
    const result = await deployProject(ownPolicies(engine, always));
    expect(result.ok).toBe(false);
    expect(result.services[0]?.diagnoses.map((d) => d.code)).toEqual(["pull-failed"]);
    expect(engine.calls.filter((call) => call.startsWith("create shop-"))).toEqual([]);
  });
});

describe("deployProject's observations of the engine", () => {
  /** Counts snapshots: observeProject is the only caller of listNetworks in an up. */
  function counted(engine: FakeEngine): { engine: FakeEngine; snapshots: () => number } {
    let snapshots = 0;
    const listNetworks = engine.listNetworks.bind(engine);
    engine.listNetworks = (...args: Parameters<FakeEngine["listNetworks"]>) => {
      snapshots++;
      return listNetworks(...args);
    };
    return { engine, snapshots: () => snapshots };
  }

  it("plans, splits and executes from one snapshot (it used to take four)", async () => {
    const { engine, snapshots } = counted(engineWith());
    expect((await deployProject(options(engine))).ok).toBe(true);
    expect(snapshots()).toBe(1);
    expect((await deployProject(options(engine))).ok).toBe(true);
    expect(snapshots()).toBe(2);
  });

  it("looks again only after something changed the engine before the plan runs", async () => {
    const { engine, snapshots } = counted(engineWith());
    await deployProject({ ...options(engine), beforeExecute: async () => true });
    expect(snapshots()).toBe(2);
    await deployProject({ ...options(engine), beforeExecute: async () => false });
    expect(snapshots()).toBe(3);
  });
});
