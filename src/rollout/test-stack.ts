import type { Service } from "../compose/model/project.js";
import { EventHub } from "../deploy/event-hub.js";
import { deployProject } from "../runs/deploy-project.js";
import { observeProject } from "../deploy/observe.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { testProject } from "../plan/test-project.js";

/** A one-service project on a fake engine, deployed with image app:1; `app:bad` turns unhealthy. */
export async function deployedStack(api: Partial<Service> = {}) {
  const engine = new FakeEngine({
    images: ["app:1", "app:2", "app:bad"],
    behave: (request) => (request.Image === "app:bad" ? { health: "unhealthy", logs: [{ stream: "stderr", text: "cannot reach db\n" }] } : {}),
  });
  const service = { image: "app:1", healthcheck: { test: ["CMD", "true"], interval: "1s", retries: 1 }, ...api };
  const v1 = testProject("shop", { api: service });
  const signal = new AbortController().signal;
  const up = await deployProject({ engine, project: v1, signal, waitTimeoutMs: 2000, stableMs: 0, build: "never", removeOrphans: false, forceRecreate: false, pull: "never" });
  if (!up.ok) throw new Error(`fake stack did not come up: ${JSON.stringify(up)}`);
  const events = new EventHub();
  void events.run(engine, "shop", signal);
  return { engine, events, signal, observed: await observeProject(engine, v1), project: (image: string) => testProject("shop", { api: { ...service, image } }) };
}

/** Names and images of the containers of the fake engine, sorted by name. */
export async function containersOf(engine: FakeEngine): Promise<string[]> {
  const all = await engine.listContainers();
  return all.map((c) => `${c.name} ${c.image} ${c.state}`).sort();
}
