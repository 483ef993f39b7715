import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeManifest, type BackupManifest } from "../../backup/manifest.js";
import { FakeEngine } from "../../engine/fake-engine.js";
import type { ContainerFilter, ContainerSummary } from "../../engine/engine.js";
import { runDir } from "../../journal/journal.js";
import { createApp } from "../app.js";
import { canaries, RUN_ID, serverFixture, TOKEN } from "../testing/server-fixture.js";

describe("GET /api/projects/:project/services/:service/logs", () => {
  it.each(["0", "5001", "1.5", "-3", "ten"])("refuses tail=%s with a 400 that says the range", async (tail) => {
    const { app } = await serverFixture();
    const response = await app.request(`/api/projects/shop/services/web/logs?tail=${tail}`);
    expect([response.status, await response.json()]).toEqual([400, { error: "tail must be a whole number from 1 to 5000" }]);
  });

  it("reads the last 200 lines with timestamps by default, and the bounds themselves are fine", async () => {
    const { app, engine } = await serverFixture();
    const asked: { tail?: number; timestamps?: boolean }[] = [];
    const readLogs = engine.readLogs.bind(engine);
    engine.readLogs = (id, options) => (asked.push(options ?? {}), readLogs(id, options));
    for (const query of ["", "?tail=1", "?tail=5000"]) expect((await app.request(`/api/projects/shop/services/db/logs${query}`)).status).toBe(200);
    expect(asked.map((o) => [o.tail, o.timestamps])).toEqual([[200, true], [1, true], [5000, true]]);
  });

  it("answers an empty list for a service with no container", async () => {
    const { app, engine, web } = await serverFixture();
    await engine.removeContainer(web, { force: true });
    expect(await (await app.request("/api/projects/shop/services/web/logs")).json()).toEqual([]);
  });
});

describe("GET /api/projects/:project/runs/:run/report/:format", () => {
  it("serves each format with its type and a policy that lets no script run, redacted", async () => {
    const { app, served } = await serverFixture();
    writeFileSync(join(runDir(served.stateDir, RUN_ID), "report.md"), `# Report\nPOSTGRES_PASSWORD=${canaries.password}\n`);
    writeFileSync(join(runDir(served.stateDir, RUN_ID), "report.json"), JSON.stringify({ verdict: "pass", token: canaries.token }));
    const md = await app.request(`/api/projects/shop/runs/${RUN_ID}/report/md`);
    expect(md.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(md.headers.get("content-security-policy")).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(await md.text()).toBe("# Report\nPOSTGRES_PASSWORD=***\n");
    const json = await app.request(`/api/projects/shop/runs/${RUN_ID}/report/json`);
    expect(json.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await json.text()).not.toContain(canaries.token);
  });

  it("says a known run has no report (404) apart from an unknown run", async () => {
    const { app, served } = await serverFixture();
    const other = "20261123T090000Z-fff000";
    mkdirSync(runDir(served.stateDir, other), { recursive: true });
    expect(await (await app.request(`/api/projects/shop/runs/${other}/report/html`)).json()).toEqual({ error: `run ${other} has no report` });
    expect(await (await app.request("/api/projects/shop/runs/20990101T000000Z-000000/report/html")).json()).toEqual({ error: "no run 20990101T000000Z-000000" });
  });
});

describe("GET /api/projects/:project and its read-only views", () => {
  it("describes the project: services in compose order, compose files, backup services and what the actions need", async () => {
    const { app } = await serverFixture();
    expect(await (await app.request("/api/projects/shop")).json()).toEqual({
      name: "shop",
      services: ["web", "db"],
      composeFiles: ["/srv/app/compose.yaml"],
      backupServices: ["db"],
      actions: { verify: { available: true }, backup: { available: true }, rollback: { available: false, reason: "rollback needs two deployed releases; 0 recorded (see berth history)" } },
    });
  });

  it("lists backups with their drill, by artifact name only (never the folder)", async () => {
    const { app, served } = await serverFixture();
    const folder = join(served.backupDir, "db");
    mkdirSync(folder, { recursive: true });
    const manifest = (artifact: string, createdAt: string, drill?: BackupManifest["drill"]): BackupManifest => ({
      manifestVersion: 1, project: "shop", service: "db", driver: "postgres", image: "postgres:15", imageId: `sha256:${"a".repeat(64)}`,
      artifact, createdAt, durationMs: 1200, sizeBytes: 4096, sha256: "b".repeat(64), compressed: true, berthVersion: "0.1.0",
      source: { user: "app", database: "app" }, facts: { tables: { "public.notes": 3 } }, ...(drill === undefined ? {} : { drill }),
    });
    await writeManifest(join(folder, "db-1.dump"), manifest("db-1.dump", "2026-11-23T07:00:00.000Z"));
    await writeManifest(join(folder, "db-2.dump"), manifest("db-2.dump", "2026-11-23T08:00:00.000Z", { ok: false, at: "2026-11-23T08:00:05.000Z", durationMs: 900, checks: [], error: "row counts differ" }));
    const backups = (await (await app.request("/api/projects/shop/backups")).json()) as { artifact: string; drill: object | null }[];
    expect(backups).toEqual([
      { service: "db", driver: "postgres", artifact: "db-2.dump", createdAt: "2026-11-23T08:00:00.000Z", sizeBytes: 4096, durationMs: 1200, drill: { ok: false, at: "2026-11-23T08:00:05.000Z", checks: [], error: "row counts differ" } },
      { service: "db", driver: "postgres", artifact: "db-1.dump", createdAt: "2026-11-23T07:00:00.000Z", sizeBytes: 4096, durationMs: 1200, drill: null },
    ]);
    expect(JSON.stringify(backups)).not.toContain(served.backupDir);
  });

  it("answers the latest verify run as null when no run has probe results", async () => {
    const { app, served } = await serverFixture();
    rmSync(join(served.stateDir, "runs"), { recursive: true });
    expect(await (await app.request("/api/projects/shop/verify")).json()).toBeNull();
    expect(await (await app.request("/api/projects/shop/runs")).json()).toEqual([]);
  });
});

class BrokenEngine extends FakeEngine {
  override listContainers(_filter?: ContainerFilter): Promise<ContainerSummary[]> {
    return Promise.reject(new Error(`engine refused: auth ${canaries.token}`));
  }
}

describe("an engine failure inside a route", () => {
  it("is a 500 with the engine's words, redacted, never a stack", async () => {
    const { served } = await serverFixture();
    const app = createApp({ engine: new BrokenEngine(), projects: [served], token: TOKEN, actions: { verify: async () => ({ ok: true, summary: "" }), backup: async () => ({ ok: true, summary: "" }), rollback: async () => ({ ok: true, summary: "" }) } });
    const response = await app.request("/api/projects/shop/services");
    expect([response.status, await response.json()]).toEqual([500, { error: "internal error", detail: "engine refused: auth ***" }]);
    expect((await app.request("/api/projects/nowhere")).status).toBe(404);
    expect(await (await app.request("/no/such/page")).json()).toEqual({ error: "not found" });
  });
});
