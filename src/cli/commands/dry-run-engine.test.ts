import { describe, expect, it } from "vitest";
import { takeDown } from "../../deploy/take-down.js";
import { FakeEngine } from "../../engine/fake-engine.js";
import { testProject } from "../../plan/test-project.js";
import { dryRunSummary } from "./down.js";
import { dryRunEngine } from "./dry-run-engine.js";

const labels = { "com.docker.compose.project": "shop", "com.docker.compose.service": "web", "com.docker.compose.container-number": "1", "com.docker.compose.oneoff": "False" };

describe("dryRunEngine", () => {
  it("reads through and records every change instead of making it", async () => {
    const real = new FakeEngine({ images: ["app:1"] });
    const id = await real.createContainer({ name: "shop-web-1", Image: "app:1", Labels: labels });
    const { engine, changes } = dryRunEngine(real);
    expect((await engine.listContainers()).map((c) => c.name)).toEqual(["shop-web-1"]);
    await engine.stopContainer(id);
    await engine.removeContainer(id, { force: true });
    await engine.removeVolume("shop_data");
    expect(changes).toEqual([`stopContainer ${id}`, `removeContainer ${id}`, "removeVolume shop_data"]);
    expect(await real.inspectContainer(id)).toBeDefined();
  });

  it("lets down list what it would remove, found as down finds it, and leaves everything", async () => {
    const real = new FakeEngine({ images: ["app:1"] });
    await real.createContainer({ name: "shop-web-1", Image: "app:1", Labels: labels });
    await real.createVolume({ name: "shop_data", labels: { "com.docker.compose.project": "shop" } });
    const { engine } = dryRunEngine(real);
    const result = await takeDown({ engine, project: testProject("shop", { web: { image: "app:1" } }), volumes: true, removeImages: "all" });
    expect(result.containers).toEqual(["shop-web-1"]);
    expect(result.volumes).toContain("shop_data");
    expect(result.images).toEqual(["app:1"]);
    expect((await real.listContainers()).length).toBe(1);
    expect(await real.inspectVolume("shop_data")).toBeDefined();
    expect(await real.inspectImage("app:1")).toBeDefined();
  });
});

describe("dryRunSummary", () => {
  it("prints one line per object and says nothing was removed", () => {
    const text = dryRunSummary("shop", { containers: ["shop-web-1"], networks: ["shop_default"], volumes: [], images: ["app:1"] });
    expect(text).toBe("would remove container shop-web-1\nwould remove network shop_default\nwould remove image app:1\nshop: dry run, nothing removed (3 object(s) would be)\n");
  });
});
