import { describe, expect, it } from "vitest";
import { serverFixture } from "../testing/server-fixture.js";

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
});
