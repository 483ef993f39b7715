import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import type { ContainerCreateRequest, ExecResult } from "../engine/engine.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { composeLabel } from "../engine/labels.js";
import type { StoredBackup } from "./backup-store.js";
import type { DriverContext } from "./driver.js";
import type { BackupManifest } from "./manifest.js";
import { helperLabel } from "./one-shot.js";
import { postgresDriver } from "./postgres.js";
import { selectBackupTargets } from "./select-driver.js";
import { findServiceInstance } from "./service-instance.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const password = "pg-secret-never-on-argv";
const content = "PGDMP stored dump";
const sha256 = createHash("sha256").update(content).digest("hex");

interface Staging {
  /** What the drill's scratch answers, by the program it runs (sha256sum, pg_restore, sh). */
  readonly scratch?: Partial<Record<string, Partial<ExecResult>>>;
  /** The restore helper's and the count helper's output in the live service. */
  readonly restored?: string;
  readonly counted?: string;
}

/** Project `shop` with a running postgres `db` on a fake engine, and a stored dump of it. */
async function postgresStack(staging: Staging = {}) {
  const folder = mkdtempSync(join(tmpdir(), "berth-pg-"));
  dirs.push(folder);
  const helpers: ContainerCreateRequest[] = [];
  const engine = new FakeEngine({
    images: ["postgres:15"],
    behave: (request) => {
      const role = request.Labels?.[helperLabel];
      if (role === undefined) return {};
      helpers.push(request);
      if (role === "drill") return { exec: (command) => staging.scratch?.[command[0]!] ?? (command[0] === "sha256sum" ? { stdout: `${sha256}  ${command[1]}\n` } : command[0] === "sh" ? { stdout: "berth-count|public.notes|3\n" } : {}) };
      const restoring = request.Env?.some((line) => line.startsWith("BERTH_ARTIFACT="));
      return { exitOnStart: 0, logs: [{ stream: "stdout", text: restoring ? (staging.restored ?? "berth-restore-ok\n") : (staging.counted ?? "berth-count|public.notes|3\n") }] };
    },
  });
  const id = await engine.createContainer({ name: "shop-db-1", Image: "postgres:15", Env: ["POSTGRES_USER=shopper", "POSTGRES_DB=orders", `POSTGRES_PASSWORD=${password}`], Labels: { [composeLabel.project]: "shop", [composeLabel.service]: "db", [composeLabel.number]: "1" } });
  await engine.startContainer(id);
  const project = loadInline("name: shop\nservices:\n  db: { image: postgres:15 }\n");
  const context: DriverContext = { engine, project: "shop", target: selectBackupTargets(project, ["db"])[0]!, instance: await findServiceInstance(engine, "shop", "db"), folder, compress: false, timeoutMs: 10_000 };
  writeFileSync(join(folder, "db-1.dump"), content);
  const manifest = { manifestVersion: 1, driver: "postgres", artifact: "db-1.dump", imageId: context.instance.imageId, sizeBytes: content.length, sha256, source: { user: "shopper", database: "orders" }, facts: { tables: { "public.notes": 3 } } } as unknown as BackupManifest;
  const stored: StoredBackup = { manifest, artifactPath: join(folder, "db-1.dump"), manifestPath: join(folder, "db-1.dump.manifest.json") };
  return { engine, context, stored, helpers };
}

describe("postgresDriver.drill", () => {
  it("restores into a scratch from the backup's image with a throwaway password, and compares the row counts", async () => {
    const { context, stored, helpers } = await postgresStack();
    expect(await postgresDriver.drill(context, stored)).toEqual({ ok: true, checks: ["public.notes: 3 rows, as at backup time"] });
    const scratch = helpers[0]!;
    expect(scratch.Env).toEqual(expect.arrayContaining(["POSTGRES_USER=shopper", "POSTGRES_DB=orders"]));
    expect(scratch.Env).not.toContain(`POSTGRES_PASSWORD=${password}`);
    expect(scratch.HostConfig?.["NetworkMode"]).toBe("none");
  });

  it("fails when the file the scratch reads does not hash to the manifest's sha256", async () => {
    const { context, stored } = await postgresStack({ scratch: { sha256sum: { stdout: `${"0".repeat(64)}  /backup/db-1.dump\n` } } });
    expect(await postgresDriver.drill(context, stored)).toEqual({ ok: false, checks: [], error: "db-1.dump as the drill reads it does not match the sha256 of its manifest" });
  });

  it("fails with pg_restore's last lines when the dump does not restore", async () => {
    const { context, stored } = await postgresStack({ scratch: { pg_restore: { exitCode: 1, output: "pg_restore: error: could not read input file: end of file\n" } } });
    expect(await postgresDriver.drill(context, stored)).toEqual({ ok: false, checks: [], error: "pg_restore of db-1.dump failed (exit 1): pg_restore: error: could not read input file: end of file" });
  });

  it("refuses a manifest that does not say which database it holds", async () => {
    const { context, stored } = await postgresStack();
    await expect(postgresDriver.drill(context, { ...stored, manifest: { ...stored.manifest, source: {} } })).rejects.toThrow(/db-1\.dump\.manifest\.json does not say which database it holds/);
  });
});

describe("postgresDriver.restore", () => {
  it("restores in the service's network namespace, with the password only in the helper's environment, and proves the rows", async () => {
    const { context, stored, helpers } = await postgresStack();
    expect(await postgresDriver.restore(context, stored)).toEqual({ ok: true, checks: ["public.notes: 3 rows, as at backup time"] });
    const [restore, count] = helpers;
    expect(restore!.HostConfig?.["NetworkMode"]).toBe(`container:${context.instance.id}`);
    expect(restore!.Env).toEqual(expect.arrayContaining([`PGPASSWORD=${password}`, "PGUSER=shopper", "PGDATABASE=orders", `BERTH_SHA256=${sha256}`]));
    expect(restore!.Cmd?.join(" ")).not.toContain(password);
    expect(count!.Env).toEqual(expect.arrayContaining([expect.stringMatching(/^BERTH_SQL=/)]));
  });

  it("fails when the restore session does not confirm, and when the rows differ afterwards", async () => {
    const silent = await postgresStack({ restored: "ERROR: relation already exists\n" });
    await expect(postgresDriver.restore(silent.context, silent.stored)).rejects.toThrow(/restoring db-1\.dump into db failed \(exit 0\):\nERROR: relation already exists/);
    const fewer = await postgresStack({ counted: "berth-count|public.notes|1\n" });
    expect(await postgresDriver.restore(fewer.context, fewer.stored)).toMatchObject({ ok: false, error: "restored data differs from the backup: public.notes has 1 rows, expected 3" });
  });
});
