import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeManifest } from "../../backup/manifest.js";
import { runCli } from "../main.js";
import { testIO } from "../testing/test-io.js";

// `backup --list` reads the backups folder only: it must work where no engine runs (a laptop
// holding the copies, an engine that is down: exactly when someone looks for a backup).
describe("berth backup --list without an engine", () => {
  it("lists the backups on disk while DOCKER_HOST points at nothing; taking a backup still needs the engine", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-backup-offline-"));
    writeFileSync(join(dir, "compose.yaml"), "name: shop\nservices:\n  db:\n    image: postgres:15\n");
    const backups = join(dir, "backups");
    mkdirSync(join(backups, "db"), { recursive: true });
    const artifact = join(backups, "db", "db-1.dump");
    writeFileSync(artifact, "PGDMP");
    await writeManifest(artifact, { manifestVersion: 1, project: "shop", service: "db", driver: "postgres", image: "postgres:15", imageId: `sha256:${"a".repeat(64)}`, artifact: "db-1.dump", createdAt: "2026-11-23T07:00:00.000Z", durationMs: 800, sizeBytes: 5, sha256: createHash("sha256").update("PGDMP").digest("hex"), compressed: true, berthVersion: "0.1.0", source: { user: "postgres", database: "postgres" }, facts: {} });
    const env = { DOCKER_HOST: "unix:///nonexistent/berth-test/docker.sock", BERTH_STATE_DIR: join(dir, ".state") };
    const run = async (argv: readonly string[]) => {
      const { io, stdout, stderr } = testIO(dir, env);
      return { code: await runCli(argv, io), stdout: stdout.text, stderr: stderr.text };
    };
    const listed = await run(["backup", "--list", "--json", "--dir", backups]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ service: "db", artifact: "db-1.dump", artifactCheck: "ok" }]);
    const taken = await run(["backup", "--dir", backups]);
    expect(taken.code).toBe(3);
    expect(taken.stderr).toContain("cannot reach the Docker engine");
  });
});
