import { describe, expect, it } from "vitest";
import { composeLabel } from "../../engine/labels.js";
import { canaries, serverFixture } from "../testing/server-fixture.js";
import { isShownEvent } from "./events.js";

// Reads server-sent events until `until` matches the text so far (or 2 s pass).
async function readEvents(body: ReadableStream<Uint8Array>, until: (text: string) => boolean): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + 2000;
  while (!until(text) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  await reader.cancel();
  return text;
}

describe("GET /api/projects/:project/events", () => {
  it("streams the project's container events from the engine as they happen", async () => {
    const { app, engine, web } = await serverFixture();
    const response = await app.request("/api/projects/shop/events");
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const body = response.body;
    if (body === null) throw new Error("no body");
    setTimeout(() => void engine.stopContainer(web), 50);
    const text = await readEvents(body, (so) => so.includes('"action":"stop"'));
    expect(text).toMatch(/^event: hello\ndata: \{"project":"shop"\}/);
    expect(text).toMatch(/event: container\ndata: \{"action":"stop","service":"web","container":"shop-web-1"/);
  });

  it("forwards no exec event: a healthcheck's command line (a password in it) never reaches the stream", async () => {
    const { app, engine, web } = await serverFixture();
    const response = await app.request("/api/projects/shop/events");
    const body = response.body;
    if (body === null) throw new Error("no body");
    const attributes = { [composeLabel.project]: "shop", [composeLabel.service]: "web", name: "shop-web-1" };
    setTimeout(() => {
      for (const action of [`exec_create: redis-cli -a ${canaries.password} ping`, `exec_start: redis-cli -a ${canaries.password} ping`, "exec_die", "attach", "resize"]) engine.bus.publish({ type: "container", action, id: web, attributes, time: Date.now() });
      void engine.stopContainer(web);
    }, 50);
    const text = await readEvents(body, (so) => so.includes('"action":"stop"'));
    expect(text).toContain('"action":"stop"');
    expect(text).not.toContain("exec_");
    expect(text).not.toContain(canaries.password);
    expect(text.match(/event: container/g)).toHaveLength(text.match(/"action":"(die|stop|kill)"/g)?.length ?? 0);
  });
});

describe("isShownEvent", () => {
  it.each(["start", "die", "stop", "kill", "oom", "destroy", "create", "restart", "health_status: unhealthy", "health_status: healthy", "rename"])("shows %s", (action) => {
    expect(isShownEvent(action)).toBe(true);
  });
  it.each(["exec_create: pg_isready -h 127.0.0.1", "exec_start: sh -c curl -f http://localhost", "exec_die", "attach", "detach", "resize", "top", "archive-path", "extract-to-dir", "starting"])("hides %s", (action) => {
    expect(isShownEvent(action)).toBe(false);
  });
});
