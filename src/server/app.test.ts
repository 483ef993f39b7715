import { describe, expect, it } from "vitest";
import { openJournal } from "../journal/journal.js";
import { recordRelease } from "../release/release-store.js";
import { canaries, RUN_ID, serverFixture, TOKEN } from "./testing/server-fixture.js";

const post = (headers: Record<string, string> = {}) => ({ method: "POST", headers }) satisfies RequestInit;
const withToken = { "X-Berth-Token": TOKEN };

describe("berth serve API (createApp on a FakeEngine)", () => {
  it("lists the project and its services with live state", async () => {
    const { app, engine, web } = await serverFixture();
    expect(await (await app.request("/api/projects")).json()).toEqual([{ name: "shop" }]);
    const states = async () => ((await (await app.request("/api/projects/shop/services")).json()) as { service: string; state: string }[]).map((s) => `${s.service}=${s.state}`);
    expect(await states()).toEqual(["web=healthy", "db=running"]);
    engine.setHealth(web, "unhealthy");
    expect(await states()).toEqual(["web=unhealthy", "db=running"]);
    await engine.stopContainer(web);
    expect(await states()).toEqual(["web=stopped", "db=running"]);
  });

  it("answers 404 for a project it does not serve", async () => {
    const { app } = await serverFixture();
    expect((await app.request("/api/projects/other/services")).status).toBe(404);
  });

  it("shows the run history and the latest verify run from the journals", async () => {
    const { app } = await serverFixture();
    const runs = (await (await app.request("/api/projects/shop/runs")).json()) as { runId: string; command: string; ok: boolean; probes: object }[];
    expect(runs.map((r) => [r.runId, r.command, r.ok, r.probes])).toEqual([[RUN_ID, "verify", true, { passed: 1, total: 1 }]]);
    expect(((await (await app.request("/api/projects/shop/verify")).json()) as { runId: string }).runId).toBe(RUN_ID);
  });

  it("says which runs saved a report, so the dashboard links only those", async () => {
    const { app, served } = await serverFixture();
    const rollback = await openJournal(served.stateDir, "20261123T090000Z-def456");
    await rollback.append({ type: "run-started", runId: rollback.runId, command: "rollback", project: "shop", composeFiles: [] });
    await rollback.append({ type: "run-finished", ok: true });
    const runs = (await (await app.request("/api/projects/shop/runs")).json()) as { runId: string; command: string; hasReport: boolean }[];
    expect(runs.map((r) => [r.command, r.hasReport])).toEqual([["rollback", false], ["verify", true]]);
  });

  it("refuses a mutation without the token (401), and runs it with either header", async () => {
    const { app, calls } = await serverFixture();
    expect((await app.request("/api/projects/shop/actions/verify", post())).status).toBe(401);
    expect((await app.request("/api/projects/shop/actions/verify", post({ "X-Berth-Token": "wrong" }))).status).toBe(401);
    expect((await app.request("/api/projects/shop/actions/verify", post({ Authorization: "Bearer wrong-but-long-enough" }))).status).toBe(401);
    expect(calls).toEqual([]);
    expect((await app.request("/api/projects/shop/actions/verify", post(withToken))).status).toBe(200);
    expect((await app.request("/api/projects/shop/actions/backup", post({ Authorization: `Bearer ${TOKEN}` }))).status).toBe(200);
    expect(calls).toEqual(["verify", "backup"]);
  });

  it("refuses a cross-origin mutation even with the token (403)", async () => {
    const { app, calls } = await serverFixture();
    const evil = await app.request("/api/projects/shop/actions/verify", post({ ...withToken, Origin: "http://evil.example" }));
    const crossSite = await app.request("/api/projects/shop/actions/verify", post({ ...withToken, "Sec-Fetch-Site": "cross-site" }));
    const sameSite = await app.request("/api/projects/shop/actions/verify", post({ ...withToken, "Sec-Fetch-Site": "same-site" }));
    expect([evil.status, crossSite.status, sameSite.status]).toEqual([403, 403, 403]);
    expect(calls).toEqual([]);
    const sameOrigin = await app.request("/api/projects/shop/actions/verify", post({ ...withToken, Origin: "http://localhost", "Sec-Fetch-Site": "same-origin" }));
    expect(sameOrigin.status).toBe(200);
  });

  it("refuses a Host it does not answer to (DNS rebinding)", async () => {
    const { app } = await serverFixture();
    expect((await app.request("http://rebound.example:7010/api/projects")).status).toBe(421);
    expect((await app.request("http://127.0.0.1:7010/api/projects")).status).toBe(200);
  });

  it("offers rollback only with an earlier deployed release, and says why not (409)", async () => {
    const { app, calls, served } = await serverFixture();
    const info = async () => ((await (await app.request("/api/projects/shop")).json()) as { actions: { rollback: object } }).actions.rollback;
    expect(await info()).toEqual({ available: false, reason: "rollback needs two deployed releases; 0 recorded (see berth history)" });
    expect((await app.request("/api/projects/shop/actions/rollback", post(withToken))).status).toBe(409);
    expect(calls).toEqual([]);
    for (const id of [1, 2]) await recordRelease(served.stateDir, { at: `2026-11-23T08:0${id}:00.000Z`, project: "shop", command: "up", outcome: "deployed", changes: [], services: [], diagnoses: [] });
    expect(await info()).toEqual({ available: true });
    expect((await app.request("/api/projects/shop/actions/rollback", post(withToken))).status).toBe(200);
    expect(calls).toEqual(["rollback"]);
    const releases = (await (await app.request("/api/projects/shop/releases")).json()) as { id: number }[];
    expect(releases.map((r) => r.id)).toEqual([2, 1]);
  });

  it("runs one action at a time per project (409 for the second)", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { app } = await serverFixture({ verify: async () => (await gate, { ok: true, summary: "slow" }) });
    const first = app.request("/api/projects/shop/actions/verify", post(withToken));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await app.request("/api/projects/shop/actions/backup", post(withToken))).status).toBe(409);
    release();
    expect((await first).status).toBe(200);
  });

  it.each([
    ["/api/projects/shop/runs/..%2F..%2F..%2Fetc%2Fpasswd/report/html", [400, 404]],
    ["/api/projects/shop/runs/../../etc/report/html", [404]],
    ["/api/projects/shop/runs/20990101T000000Z-ffffff/report/html", [404]],
    [`/api/projects/shop/runs/${RUN_ID}/report/..%2Fjournal.jsonl`, [400]],
    [`/api/projects/shop/runs/${RUN_ID}/report/jsonl`, [400]],
    [`/api/projects/shop/runs/${RUN_ID}/report/md`, [404]],
    ["/api/projects/shop/services/..%2F..%2Fetc%2Fpasswd/logs", [404]],
    ["/api/projects/shop/services/__proto__/logs", [404]],
    ["/api/projects/shop/services/web/logs?tail=../../x", [400]],
    ["/assets/..%2F..%2Fapp.ts", [404]],
    ["/vendor/..%2Fpackage.json", [404]],
    ["/assets/constructor", [404]],
    ["/assets/__proto__", [404]],
    ["/assets/toString", [404]],
    ["/vendor/hasOwnProperty", [404]],
    ["/vendor/constructor", [404]],
  ])("refuses traversal and unknown ids: %s", async (path, statuses) => {
    const { app } = await serverFixture();
    expect(statuses).toContain((await app.request(path)).status);
  });

  it("serves a run's saved report and the tail of a service's logs", async () => {
    const { app } = await serverFixture();
    const report = await app.request(`/api/projects/shop/runs/${RUN_ID}/report/html`);
    expect(report.headers.get("content-type")).toContain("text/html");
    expect(await report.text()).toContain("verdict pass");
    const logs = (await (await app.request("/api/projects/shop/services/web/logs?tail=10")).json()) as { container: string }[];
    expect(logs).toEqual([{ container: "shop-web-1", text: "GET /api?token=***\n" }]);
  });

  it("never sends a canary secret, in any response", async () => {
    const { app } = await serverFixture();
    const paths = ["/", "/api/projects", "/api/projects/shop", "/api/projects/shop/services", "/api/projects/shop/runs", "/api/projects/shop/verify", "/api/projects/shop/findings", "/api/projects/shop/backups", "/api/projects/shop/releases", `/api/projects/shop/runs/${RUN_ID}/report/html`, "/api/projects/shop/services/web/logs", "/metrics"];
    const bodies = await Promise.all(paths.map(async (path) => [path, await (await app.request(path)).text()] as const));
    bodies.push(["verify action", await (await app.request("/api/projects/shop/actions/verify", post(withToken))).text()]);
    expect(bodies.find(([, body]) => body.includes("shop-web-1"))).toBeDefined();
    for (const [path, body] of bodies) for (const canary of Object.values(canaries)) expect(body.includes(canary), `${canary} in ${path}`).toBe(false);
    expect(bodies.some(([, body]) => body.includes(TOKEN))).toBe(false);
  });

  it("serves the dashboard with a strict content security policy and the vendored toolkit", async () => {
    const { app } = await serverFixture();
    const page = await app.request("/");
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self' 'sha256-/);
    expect(await page.text()).toContain('"preact":"/vendor/preact.js"');
    for (const path of ["/assets/app.js", "/vendor/preact.js", "/vendor/preact-hooks.js", "/vendor/htm.js"]) {
      const response = await app.request(path);
      expect([path, response.status, response.headers.get("content-type")]).toEqual([path, 200, "text/javascript; charset=utf-8"]);
    }
  });
});
