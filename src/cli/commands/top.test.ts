import { describe, expect, it } from "vitest";
import { FakeEngine } from "../../engine/fake-engine.js";
import type { ContainerRow } from "../../deploy/list-containers.js";
import { renderTop } from "./top.js";

function row(name: string, id: string): ContainerRow {
  return { name, id, service: name.split("-")[1] ?? "", number: 1, state: "running", status: "Up", health: null, exitCode: null, image: "node:20", imageId: "abc", ports: [] } as ContainerRow;
}

describe("berth top", () => {
  it("one block per running container, sorted by name, with ps's columns", async () => {
    const engine = new FakeEngine({ images: ["node:20"] });
    const web = await engine.createContainer({ name: "shop-web-1", Image: "node:20", Cmd: ["sleep", "100"], Labels: {} });
    const api = await engine.createContainer({ name: "shop-api-1", Image: "node:20", Cmd: ["node", "server.js"], Labels: {} });
    await engine.startContainer(web);
    await engine.startContainer(api);
    expect(await renderTop(engine, [row("shop-web-1", web), row("shop-api-1", api)])).toBe(
      ["shop-api-1", "UID    PID   CMD", "root   1     node server.js", "", "shop-web-1", "UID    PID   CMD", "root   1     sleep 100", ""].join("\n"),
    );
  });

  it("nothing running: nothing printed", async () => {
    expect(await renderTop(new FakeEngine(), [])).toBe("");
  });

  it("a container that stopped meanwhile is the engine's clear error", async () => {
    const engine = new FakeEngine({ images: ["node:20"] });
    const id = await engine.createContainer({ name: "shop-web-1", Image: "node:20", Labels: {} });
    await expect(renderTop(engine, [row("shop-web-1", id)])).rejects.toThrow(/not running/);
  });
});
