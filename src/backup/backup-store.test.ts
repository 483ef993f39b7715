import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findBackup, rejectionOf, scanBackups } from "./backup-store.js";
import type { BackupManifest } from "./manifest.js";

/** A backups folder for service db with manifests as given (drill: true, false, or absent). */
async function folderWith(entries: { at: string; drill?: boolean }[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "berth-store-"));
  await mkdir(join(dir, "db"));
  for (const entry of entries) {
    const artifact = `db-${entry.at}.dump`;
    const manifest: BackupManifest = {
      manifestVersion: 1, project: "shop", service: "db", driver: "postgres", image: "postgres:15", imageId: `sha256:${"a".repeat(64)}`,
      artifact, createdAt: `2026-11-${entry.at}T07:00:00.000Z`, durationMs: 1, sizeBytes: 1, sha256: "b".repeat(64), compressed: true,
      berthVersion: "0.1.0", source: { user: "app", database: "app" }, facts: {},
      ...(entry.drill === undefined ? {} : { drill: { ok: entry.drill, at: `2026-11-${entry.at}T07:00:01.000Z`, durationMs: 1, checks: [] } }),
    };
    await writeFile(join(dir, "db", artifact), "x");
    await writeFile(join(dir, "db", `${artifact}.manifest.json`), JSON.stringify(manifest));
  }
  return dir;
}

describe("findBackup latest", () => {
  it("is the newest backup whose drill passed: never a failed one, nor one never drilled (--no-drill, or killed before its drill)", async () => {
    const dir = await folderWith([{ at: "20", drill: true }, { at: "21", drill: true }, { at: "22", drill: false }, { at: "23" }]);
    expect((await findBackup(dir, "db", "latest"))?.manifest.artifact).toBe("db-21.dump");
  });

  it("finds nothing when no backup was proven", async () => {
    const dir = await folderWith([{ at: "22", drill: false }, { at: "23" }]);
    expect(await findBackup(dir, "db", "latest")).toBeUndefined();
    expect((await findBackup(dir, "db", "db-23.dump"))?.manifest.drill).toBeUndefined();
  });

  it("only finds backups in the service's folder, whatever path is given", async () => {
    const dir = await folderWith([{ at: "20", drill: true }]);
    expect(await findBackup(dir, "db", "/elsewhere/db-20.dump.manifest.json")).toBeUndefined();
    expect(await findBackup(dir, "db", "/elsewhere/db-20.dump")).toBeUndefined();
    expect((await findBackup(dir, "db", join(dir, "db", "db-20.dump")))?.manifest.artifact).toBe("db-20.dump");
    expect((await findBackup(dir, "db", "db-20.dump.manifest.json"))?.manifest.artifact).toBe("db-20.dump");
  });
});

describe("scanBackups and rejectionOf", () => {
  it("lists valid backups newest first and says why each other manifest was refused", async () => {
    const dir = await folderWith([{ at: "20", drill: true }, { at: "21", drill: true }]);
    await writeFile(join(dir, "db", "db-22.dump.manifest.json"), JSON.stringify({ manifestVersion: 1, service: 42 }));
    await writeFile(join(dir, "db", "half.dump.manifest.json"), '{"manifestVersion": 1, "sha');
    const { stored, rejected } = await scanBackups(dir, "db");
    expect(stored.map((entry) => entry.manifest.artifact)).toEqual(["db-21.dump", "db-20.dump"]);
    expect(rejected.map((entry) => entry.reason).sort()).toEqual([
      expect.stringMatching(/db-22\.dump\.manifest\.json: field artifact is undefined, not a string/),
      expect.stringMatching(/half\.dump\.manifest\.json is not valid JSON/),
    ]);
    expect(await rejectionOf(dir, "db", "db-22.dump")).toMatch(/field artifact/);
    expect(await rejectionOf(dir, "db", "db-21.dump")).toBeUndefined();
  });
});
