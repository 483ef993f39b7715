import { describe, expect, it } from "vitest";
import { FakeEngine } from "../engine/fake-engine.js";
import { composeLabel } from "../engine/labels.js";
import { testProject } from "../plan/test-project.js";
import { serveProject } from "./served-project.js";
import { isServiceUp, readServiceStatus } from "./service-status.js";

const exits: Record<string, number> = { "app-migrate-1": 0, "app-seed-1": 3, "app-worker-1": 0 };

async function statesOf(services: Record<string, number | "running">): Promise<string[]> {
  const engine = new FakeEngine({ images: ["app:1"], behave: (request) => (exits[request.name] === undefined ? {} : { exitOnStart: exits[request.name] ?? 0 }) });
  const project = testProject("app", {
    web: { image: "app:1", depends_on: { migrate: { condition: "service_completed_successfully", required: true }, seed: { condition: "service_completed_successfully", required: true } } },
    migrate: { image: "app:1" },
    seed: { image: "app:1" },
    worker: { image: "app:1" },
    cache: { image: "app:1" },
  });
  for (const service of Object.keys(services)) {
    const id = await engine.createContainer({ name: `app-${service}-1`, Image: "app:1", Labels: { [composeLabel.project]: "app", [composeLabel.service]: service, [composeLabel.number]: "1" } });
    await engine.startContainer(id);
  }
  const status = await readServiceStatus(engine, serveProject(project, { BERTH_STATE_DIR: "/nonexistent" }, "/"));
  return status.map((s) => `${s.service}=${s.state}${isServiceUp(s.state) ? " up" : ""}`);
}

describe("readServiceStatus", () => {
  it("calls a job that exited 0 completed, and anything else that stopped stopped", async () => {
    expect(await statesOf({ web: "running", migrate: 0, seed: 3, worker: 0 })).toEqual(["web=running up", "migrate=completed up", "seed=stopped", "worker=stopped", "cache=missing"]);
  });
});
