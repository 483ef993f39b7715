import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeManifest, type BackupManifest } from "../../backup/manifest.js";
import { closeFakeEngineApis, fakeEngineApi } from "../../engine/testing/fake-engine-api.js";
import { runCli } from "../main.js";
import { testIO } from "../testing/test-io.js";

afterEach(closeFakeEngineApis);

/** A project with a Postgres service and, in its backups folder, one good, one damaged, one drill-failed backup and a foreign manifest. */
async function projectWithBackups() {
  const dir = mkdtempSync(join(tmpdir(), "berth-backup-list-"));
  writeFileSync(join(dir, "compose.yaml"), "name: shop\nservices:\n  db:\n    image: postgres:15\n  api:\n    image: node:20-bookworm-slim\n");
  const backups = join(dir, "backups");
  mkdirSync(join(backups, "db"), { recursive: true });
  const store = async (name: string, text: string, over: Partial<BackupManifest> = {}) => {
    const artifact = join(backups, "db", name);
    writeFileSync(artifact, text);
    const manifest: BackupManifest = { manifestVersion: 1, project: "shop", service: "db", driver: "postgres", image: "postgres:15", imageId: `sha256:${"a".repeat(64)}`, artifact: name, createdAt: "2026-11-23T07:00:00.000Z", durationMs: 800, sizeBytes: text.length, sha256: createHash("sha256").update(text).digest("hex"), compressed: true, berthVersion: "0.1.0", source: { user: "postgres", database: "postgres" }, facts: { tables: { "public.notes": 2 } }, ...over };
    await writeManifest(artifact, manifest);
    return artifact;
  };
  const good = await store("db-1.dump", "PGDMP good", { drill: { ok: true, at: "2026-11-23T07:00:01.000Z", durationMs: 900, checks: [] } });
  const damaged = await store("db-2.dump", "PGDMP damaged", { createdAt: "2026-11-23T08:00:00.000Z" });
  writeFileSync(damaged, "PGDMP tampered");
  const failed = await store("db-3.dump", "PGDMP unproven", { createdAt: "2026-11-23T09:00:00.000Z", drill: { ok: false, at: "2026-11-23T09:00:01.000Z", durationMs: 900, checks: [], error: "public.notes: 1 row, 2 at backup time" } });
  writeFileSync(join(backups, "db", "foreign.dump.manifest.json"), "{ not json");
  const { dockerHost } = await fakeEngineApi({ "GET /_ping": (_, response) => response.end("OK") });
  const run = async (argv: readonly string[]) => {
    const { io, stdout, stderr } = testIO(dir, { DOCKER_HOST: dockerHost, BERTH_STATE_DIR: join(dir, ".state") });
    return { code: await runCli(argv, io), stdout: stdout.text, stderr: stderr.text };
  };
  return { run, good, damaged, failed, backups };
}

describe("berth backup --list", () => {
  it("lists each backup newest first with its drill, re-checks every artifact, and shows refused manifests", async () => {
    const { run, good, damaged, failed, backups } = await projectWithBackups();
    const result = await run(["backup", "--list", "--dir", backups]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines.slice(0, 6)).toEqual([
      "db           2026-11-23T09:00:00.000Z       14 B  DRILL FAILED: public.notes: 1 row, 2 at backup time",
      `  ${failed}`,
      "db           2026-11-23T08:00:00.000Z       13 B  ARTIFACT DAMAGED: the file is 14 bytes, its manifest recorded 13 (truncated or replaced)",
      `  ${damaged}`,
      "db           2026-11-23T07:00:00.000Z       10 B  drill passed",
      `  ${good}`,
    ]);
    expect(lines[6]).toMatch(/^ignored {6}.*foreign\.dump\.manifest\.json is not valid JSON/);
  });

  it("prints the same as JSON, a damaged artifact and a refused manifest marked", async () => {
    const { run, backups } = await projectWithBackups();
    const listed = JSON.parse((await run(["backup", "--list", "--json", "--dir", backups])).stdout) as Record<string, unknown>[];
    expect(listed.map((entry) => [entry["artifact"] ?? entry["path"], entry["artifactCheck"] ?? "rejected"])).toEqual([
      ["db-3.dump", "ok"],
      ["db-2.dump", expect.stringContaining("truncated or replaced")],
      ["db-1.dump", "ok"],
      [expect.stringMatching(/foreign\.dump\.manifest\.json$/), "rejected"],
    ]);
  });

  it("says the folder is empty, and refuses to back up a service without a driver", async () => {
    const { run } = await projectWithBackups();
    const elsewhere = mkdtempSync(join(tmpdir(), "berth-backup-none-"));
    expect(await run(["backup", "--list", "--dir", elsewhere])).toMatchObject({ code: 0, stdout: `no backups in ${elsewhere}\n` });
    expect(await run(["backup", "api"])).toMatchObject({ code: 1, stderr: "error: service api has no backup driver: its image (node:20-bookworm-slim) is not one berth knows\n  hint: declare one: services.api.x-berth.backup.driver: postgres | redis | volume\n" });
    expect(await run(["backup", "nosuch"])).toMatchObject({ code: 2, stderr: "error: no such service: nosuch\n" });
  });
});
