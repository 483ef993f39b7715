import { describe, expect, it } from "vitest";
import { FakeEngine } from "../../engine/fake-engine.js";
import { testProject } from "../../plan/test-project.js";
import { createApp } from "../app.js";
import { serveProject } from "../served-project.js";
import type { ActionResult } from "../server-context.js";
import { canaries, serverFixture, TOKEN } from "../testing/server-fixture.js";

const post = { method: "POST", headers: { "X-Berth-Token": TOKEN } } satisfies RequestInit;
const act = (app: { request: (path: string, init: RequestInit) => Response | Promise<Response> }, name: string) => app.request(`/api/projects/shop/actions/${name}`, post);

describe("POST /api/projects/:project/actions/*", () => {
  it("turns a thrown error into a 500 whose summary names the action, with the project's secrets redacted", async () => {
    const { app } = await serverFixture({
      verify: async () => {
        throw new Error(`connecting to db with ${canaries.password} failed`);
      },
    });
    const response = await act(app, "verify");
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ ok: false, summary: "verify failed: connecting to db with *** failed" });
  });

  it("answers 500 with the action's own result when it ran but did not succeed", async () => {
    const failed: ActionResult = { ok: false, summary: "1/2 probes passed; verdict fail", runId: "20261123T080000Z-bad000" };
    const { app } = await serverFixture({ verify: async () => failed });
    const response = await act(app, "verify");
    expect([response.status, await response.json()]).toEqual([500, failed]);
  });

  it("frees the project after an action threw, so the next one runs", async () => {
    let attempts = 0;
    const { app } = await serverFixture({
      backup: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error("engine went away");
        return { ok: true, summary: "1/1 backups proven by a restore drill" };
      },
    });
    expect((await act(app, "backup")).status).toBe(500);
    expect((await act(app, "backup")).status).toBe(200);
    expect(attempts).toBe(2);
  });

  it("names the running action in the 409 a second one gets", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { app, calls } = await serverFixture({ backup: async () => (await gate, { ok: true, summary: "done" }) });
    const first = act(app, "backup");
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await act(app, "verify");
    expect([second.status, await second.json()]).toEqual([409, { error: "backup is already running for shop" }]);
    release();
    expect((await first).status).toBe(200);
    expect(calls).toEqual([]);
  });

  it("refuses a backup (409, and says why) for a project with no service that has a backup driver, without calling the action", async () => {
    const project = testProject("shop", { web: { image: "nginx:1.22" } });
    const served = serveProject(project, { BERTH_STATE_DIR: "/nonexistent/berth-state" }, "/");
    let called = false;
    const backup = async (): Promise<ActionResult> => ((called = true), { ok: true, summary: "" });
    const app = createApp({ engine: new FakeEngine(), projects: [served], token: TOKEN, actions: { verify: backup, backup, rollback: backup } });
    const response = await act(app, "backup");
    expect([response.status, await response.json()]).toEqual([409, { ok: false, summary: "no service has a backup driver" }]);
    const info = (await (await app.request("/api/projects/shop")).json()) as { actions: Record<string, object>; backupServices: string[] };
    expect(info.backupServices).toEqual([]);
    expect(info.actions["backup"]).toEqual({ available: false, reason: "no service has a backup driver" });
    expect(info.actions["verify"]).toEqual({ available: true });
    expect(called).toBe(false);
  });

  it("has no route for an action it does not know (404), and no GET on a known one", async () => {
    const { app, calls } = await serverFixture();
    expect((await act(app, "restore")).status).toBe(404);
    expect((await app.request("/api/projects/shop/actions/verify")).status).toBe(404);
    expect(calls).toEqual([]);
  });
});
