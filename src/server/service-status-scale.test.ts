import { describe, expect, it } from "vitest";
import type { ContainerDetails } from "../engine/engine.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { composeLabel } from "../engine/labels.js";
import { testProject } from "../plan/test-project.js";
import { serveProject } from "./served-project.js";
import { readServiceStatus } from "./service-status.js";

const project = testProject("app", { api: { image: "app:1" }, cache: { image: "app:1" } });
const served = serveProject(project, { BERTH_STATE_DIR: "/nonexistent/berth-state" }, "/");

async function replica(engine: FakeEngine, service: string, number: number, options: { healthcheck?: boolean; oneoff?: boolean } = {}): Promise<string> {
  const labels = { [composeLabel.project]: "app", [composeLabel.service]: service, [composeLabel.number]: String(number), ...(options.oneoff ? { [composeLabel.oneoff]: "True" } : {}) };
  const id = await engine.createContainer({ name: `app-${service}-${number}`, Image: "app:1", Labels: labels, ...(options.healthcheck ? { Healthcheck: { Test: ["CMD", "true"] } } : {}) });
  await engine.startContainer(id);
  return id;
}

describe("readServiceStatus with several containers per service", () => {
  it("rates a service by its worst replica and counts each one's restarts", async () => {
    const engine = new FakeEngine({ images: ["app:1"] });
    await replica(engine, "api", 1, { healthcheck: true });
    const second = await replica(engine, "api", 2, { healthcheck: true });
    const third = await replica(engine, "api", 3, { healthcheck: true });
    await engine.restartContainer(second);
    await engine.restartContainer(second);
    engine.setHealth(second, "starting");
    const [api] = await readServiceStatus(engine, served);
    expect(api?.state).toBe("starting");
    engine.setHealth(third, "unhealthy");
    const [again] = await readServiceStatus(engine, served);
    expect(again?.state).toBe("unhealthy");
    expect(again?.containers.map((c) => [c.name, c.state, c.restarts])).toEqual([["app-api-1", "healthy", 0], ["app-api-2", "starting", 2], ["app-api-3", "unhealthy", 0]]);
  });

  it("gives a stopped container its exit code and a running one none, and leaves one-off `run` containers out", async () => {
    const engine = new FakeEngine({ images: ["app:1"] });
    const killed = await replica(engine, "cache", 1);
    await engine.killContainer(killed);
    await replica(engine, "api", 1);
    await replica(engine, "api", 2, { oneoff: true });
    const status = await readServiceStatus(engine, served);
    expect(status.map((s) => [s.service, s.state, s.containers.map((c) => [c.engineState, c.exitCode])])).toEqual([
      ["api", "running", [["running", null]]],
      ["cache", "stopped", [["exited", 137]]],
    ]);
  });

  it("reports a container removed between list and inspect as stopped and `removed`, not as an error", async () => {
    class VanishingEngine extends FakeEngine {
      override async inspectContainer(): Promise<ContainerDetails | undefined> {
        return undefined;
      }
    }
    const engine = new VanishingEngine({ images: ["app:1"] });
    await replica(engine, "api", 1);
    const [api] = await readServiceStatus(engine, served);
    expect(api?.containers).toEqual([{ name: "app-api-1", state: "stopped", engineState: "removed", exitCode: null, restarts: 0, startedAt: null, image: "app:1", ports: [] }]);
    expect(api?.state).toBe("stopped");
  });
});
