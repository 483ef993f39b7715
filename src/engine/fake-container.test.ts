import { describe, expect, it } from "vitest";
import { FakeEngine, SPEAKS_AT_START } from "./fake-engine.js";

describe("SPEAKS_AT_START", () => {
  it("gives a fake container one line of output from its start, as a real program prints", async () => {
    const engine = new FakeEngine({ images: ["app:1"], behave: () => SPEAKS_AT_START });
    const id = await engine.createContainer({ name: "app-1", Image: "app:1" });
    await engine.startContainer(id);
    expect(await engine.readLogs(id)).toEqual([{ stream: "stdout", text: "ready\n" }]);
  });

  it("is copied into each container: output written to one reaches neither the others nor the constant", async () => {
    const engine = new FakeEngine({ images: ["app:1"], behave: () => SPEAKS_AT_START });
    const [first, second] = await Promise.all(["app-1", "app-2"].map((name) => engine.createContainer({ name, Image: "app:1" })));
    engine.writeLog(first as string, "listening on 3000\n");
    expect((await engine.readLogs(first as string)).map((chunk) => chunk.text)).toEqual(["ready\n", "listening on 3000\n"]);
    expect((await engine.readLogs(second as string)).map((chunk) => chunk.text)).toEqual(["ready\n"]);
    expect(SPEAKS_AT_START.logs).toEqual([{ stream: "stdout", text: "ready\n" }]);
  });

  it("is not the default: a container without a behaviour stays silent", async () => {
    const engine = new FakeEngine({ images: ["app:1"] });
    const id = await engine.createContainer({ name: "app-1", Image: "app:1" });
    await engine.startContainer(id);
    expect(await engine.readLogs(id)).toEqual([]);
  });
});
