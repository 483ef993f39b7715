import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ContainerCreateRequest } from "../engine/engine.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { composeLabel } from "../engine/labels.js";
import { readManifest } from "./manifest.js";
import { runBackups, timestampOf, type BackupEvent, type BackupRunOptions } from "./run-backup.js";
import type { BackupTarget } from "./select-driver.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A fake engine whose postgres backup helper behaves like the real session: it writes the dump
 * at $BERTH_OUT in the bind-mounted folder and prints the row counts and pg_dump's status.
 */
function postgresStack(session: { dumpStatus?: number; writes?: boolean } = {}) {
  const dumpedBy = (request: ContainerCreateRequest): void => {
    const out = request.Env?.find((line) => line.startsWith("BERTH_OUT="))?.slice("BERTH_OUT=/backup/".length);
    const folder = (request.HostConfig?.["Binds"] as readonly string[] | undefined)?.[0]?.split(":")[0];
    if (out !== undefined && folder !== undefined && session.writes !== false) writeFileSync(join(folder, out), "PGDMP fake dump");
  };
  const status = session.dumpStatus === undefined ? "" : `berth-dump-status|${session.dumpStatus}\n`;
  const engine = new FakeEngine({
    images: ["postgres:15"],
    behave: (request) => {
      if (!request.name.startsWith("shop-backup-")) return {};
      dumpedBy(request);
      return { exitOnStart: 0, logs: [{ stream: "stdout", text: `berth-count|public.notes|3\n${status}` }] };
    },
  });
  const dir = mkdtempSync(join(tmpdir(), "berth-backups-"));
  dirs.push(dir);
  const events: BackupEvent[] = [];
  const options = (targets: readonly BackupTarget[]): BackupRunOptions => ({ engine, project: "shop", targets, dir, drill: false, compress: true, berthVersion: "0.0.0-test", timeoutMs: 10_000, onEvent: (event) => events.push(event) });
  const start = async (service: string) => {
    const id = await engine.createContainer({ name: `shop-${service}-1`, Image: "postgres:15", Env: ["POSTGRES_USER=shopper", "POSTGRES_DB=orders"], Labels: { [composeLabel.project]: "shop", [composeLabel.service]: service } });
    await engine.startContainer(id);
  };
  return { engine, dir, events, options, start };
}

const target = (service: string): BackupTarget => ({ service, driver: "postgres", image: "postgres:15", config: { consistency: "stop" } });

describe("runBackups (postgres driver on a fake engine)", () => {
  it("writes the artifact (owner-only) and a manifest that describes it", async () => {
    const { dir, events, options, start } = postgresStack({ dumpStatus: 0 });
    await start("db");
    const [outcome] = await runBackups(options([target("db")]));
    expect(outcome).toMatchObject({ service: "db", ok: true, expired: [] });
    const artifact = outcome!.stored!.artifactPath;
    expect(artifact).toMatch(new RegExp(`^${dir}/db/db-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-\\d{3}Z\\.dump$`));
    expect(statSync(artifact).mode & 0o777).toBe(0o600);
    const manifest = await readManifest(outcome!.stored!.manifestPath);
    expect(manifest).toMatchObject({ project: "shop", service: "db", driver: "postgres", sizeBytes: 15, compressed: true, berthVersion: "0.0.0-test", source: { user: "shopper", database: "orders" }, facts: { tables: { "public.notes": 3 } } });
    expect(manifest.drill).toBeUndefined();
    expect(events.map((e) => e.kind)).toEqual(["started", "written"]);
  });

  it("keeps going when one service fails, and leaves no half-written file behind", async () => {
    const { dir, events, options, start } = postgresStack({ dumpStatus: 1 });
    await start("db");
    const outcomes = await runBackups(options([target("db"), target("gone")]));
    expect(outcomes).toEqual([
      { service: "db", ok: false, error: expect.stringMatching(/^pg_dump of db failed \(exit 1\)/), expired: [] },
      { service: "gone", ok: false, error: "service gone has no container in project shop", expired: [] },
    ]);
    expect(readdirSync(join(dir, "db"))).toEqual([]);
    expect(events.filter((e) => e.kind === "failed").map((e) => e.service)).toEqual(["db", "gone"]);
  });

  it("says the psql session failed when pg_dump never reported a status", async () => {
    const { options, start } = postgresStack({ writes: false });
    await start("db");
    const [outcome] = await runBackups(options([target("db")]));
    expect(outcome?.error).toMatch(/^the backup session of db \(psql\) failed \(exit 0\):\nberth-count\|public\.notes\|3/);
  });

  it("expires older backups beyond --keep after a good one", async () => {
    const { events, options, start } = postgresStack({ dumpStatus: 0 });
    await start("db");
    const [first] = await runBackups(options([target("db")]));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const [second] = await runBackups({ ...options([target("db")]), retention: 1 });
    expect(second?.expired).toEqual([first!.stored!.artifactPath]);
    expect(events.at(-1)).toEqual({ kind: "expired", service: "db", paths: [first!.stored!.artifactPath] });
  });
});

describe("timestampOf", () => {
  it("is sortable and safe in file names", () => {
    expect(timestampOf(new Date("2026-11-23T07:45:12.123Z"))).toBe("2026-11-23T07-45-12-123Z");
  });
});
