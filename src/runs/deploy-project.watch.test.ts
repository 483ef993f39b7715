import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeEngine, SPEAKS_AT_START } from "../engine/fake-engine.js";
import { testProject } from "../plan/test-project.js";
import type { Engine } from "../deploy/engine-port.js";
import { deployProject } from "./deploy-project.js";

// The final watch of `up` (src/deploy/gates/final-watch.ts) as deployProject runs it: when no
// rollout follows the plan, it starts at the last step, while the release is being recorded.

const project = testProject("shop", {
  cache: { image: "redis:7" },
  web: { image: "node:20", depends_on: { cache: { condition: "service_started", required: true } } },
});

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** The engine's calls that matter here, in the order they were made. */
function recording(engine: FakeEngine): { engine: Engine; calls: string[] } {
  const calls: string[] = [];
  const wrapped = new Proxy(engine, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (property === "inspectContainer" || property === "listContainers" || property === "startContainer") calls.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { engine: wrapped as unknown as Engine, calls };
}

async function deploy(stateDir?: string) {
  const fake = new FakeEngine({ images: ["redis:7", "node:20"], behave: () => SPEAKS_AT_START });
  const { engine, calls } = recording(fake);
  const result = await deployProject({ engine, project, signal: new AbortController().signal, waitTimeoutMs: 5_000, stableMs: 0, build: "missing", removeOrphans: false, forceRecreate: false, pull: "never", ...(stateDir ? { stateDir } : {}) });
  return { result, calls };
}

describe("deployProject's final watch", () => {
  it("looks at the containers before the release is recorded (no rollout: the window starts at the last step)", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "berth-watch-"));
    dirs.push(stateDir);
    const { result, calls } = await deploy(stateDir);
    expect(result.ok).toBe(true);
    expect(result.release).toBe(1);
    const lastStart = calls.lastIndexOf("startContainer");
    const afterSteps = calls.slice(lastStart + 1);
    // The executor's own gate inspects web once; the watch's looks follow before the release's observation.
    const observed = afterSteps.indexOf("listContainers");
    expect(observed).toBeGreaterThan(0);
    expect(afterSteps.slice(0, observed).filter((call) => call === "inspectContainer").length).toBeGreaterThanOrEqual(3);
  });

  it("reports the windows it applied in the result (up --json's watch)", async () => {
    const { result } = await deploy();
    expect(result.ok).toBe(true);
    expect(result.watch).toMatchObject({ stableMs: 0 });
    expect(Object.keys(result.watch?.windows ?? {}).sort()).toEqual(["cache", "web"]);
    expect(result.watch?.windowMs).toBe(Math.max(...Object.values(result.watch?.windows ?? {})));
  });
});
