import { afterEach, describe, expect, it } from "vitest";
import type { NoteEvent } from "../notes/ports.js";
import { startTestApp, type TestApp } from "../test-support/harness.js";

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const post = (url: string, body: string) =>
  fetch(`${url}/api/notes`, { method: "POST", headers: { "content-type": "application/json" }, body });

describe("notes API", () => {
  it("creates a note, lists it newest first, counts it and publishes it", async () => {
    app = await startTestApp();
    const events: NoteEvent[] = [];
    await app.bus.subscribe((event) => events.push(event));
    const first = await post(app.url, JSON.stringify({ text: "first", author: "ada" }));
    expect(first.status).toBe(201);
    await post(app.url, JSON.stringify({ text: "second" }));
    const list = (await (await fetch(`${app.url}/api/notes`)).json()) as { notes: { text: string; author: string }[] };
    expect(list.notes.map((note) => [note.text, note.author])).toEqual([["second", "anonymous"], ["first", "ada"]]);
    expect(await (await fetch(`${app.url}/api/stats`)).json()).toEqual({ notesCreated: 2 });
    expect(events.map((event) => [event.note.text, event.notesCreated])).toEqual([["first", 1], ["second", 2]]);
  });

  it("answers 400 with the reason for an invalid note and for malformed JSON", async () => {
    app = await startTestApp();
    const invalid = await post(app.url, JSON.stringify({ text: "" }));
    expect([invalid.status, await invalid.json()]).toEqual([400, { error: "text is required" }]);
    const malformed = await post(app.url, "{not json");
    expect(malformed.status).toBe(400);
  });

  it("answers JSON 404 for unknown API paths", async () => {
    app = await startTestApp();
    const response = await fetch(`${app.url}/api/nope`);
    expect([response.status, await response.json()]).toEqual([404, { error: "not found" }]);
  });

  it("reports its version and instance", async () => {
    app = await startTestApp();
    const body = (await (await fetch(`${app.url}/api/version`)).json()) as { version: string; instance: string };
    expect(body.version).toBe("9.9.9-test");
    expect(body.instance.length).toBeGreaterThan(0);
  });
});

describe("health, readiness and metrics", () => {
  it("/health answers 200 even when a dependency is down", async () => {
    app = await startTestApp({ postgres: async () => { throw new Error("down"); } });
    const response = await fetch(`${app.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", version: "9.9.9-test" });
  });

  it("/ready answers 503 naming the dependency that is down", async () => {
    app = await startTestApp({ postgres: async () => 1, redis: async () => { throw new Error("ECONNREFUSED"); } });
    const response = await fetch(`${app.url}/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ready: false, checks: { redis: { ok: false, error: "ECONNREFUSED" }, postgres: { ok: true } } });
  });

  it("/ready answers 200 when all dependencies answer, and 503 while draining", async () => {
    app = await startTestApp();
    expect((await fetch(`${app.url}/ready`)).status).toBe(200);
    app.setDraining(true);
    const draining = await fetch(`${app.url}/ready`);
    expect([draining.status, await draining.json()]).toEqual([503, { ready: false, draining: true }]);
  });

  it("/metrics exposes request, note and process metrics in Prometheus text format", async () => {
    app = await startTestApp();
    await post(app.url, JSON.stringify({ text: "counted" }));
    await fetch(`${app.url}/api/notes`);
    const response = await fetch(`${app.url}/metrics`);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toMatch(/^notes_created_total\{app="fullstack-backend"\} 1$/m);
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/api\/notes",status="201"[^}]*\} 1/);
    expect(text).toContain('app_info{version="9.9.9-test",app="fullstack-backend"} 1');
    expect(text).toContain("process_cpu_user_seconds_total");
  });
});
