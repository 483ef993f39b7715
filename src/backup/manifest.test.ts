import { createHash } from "node:crypto";
import { mkdtemp, readFile, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkArtifact, hashFile, manifestPathOf, readManifest, writeManifest, type BackupManifest } from "./manifest.js";

async function artifact(content: Buffer): Promise<{ path: string; manifest: BackupManifest }> {
  const path = join(await mkdtemp(join(tmpdir(), "berth-manifest-")), "db-2026.dump");
  await writeFile(path, content);
  const manifest: BackupManifest = {
    manifestVersion: 1, project: "p", service: "db", driver: "postgres", image: "postgres:15", imageId: `sha256:${"c".repeat(64)}`,
    artifact: "db-2026.dump", createdAt: "2026-11-23T07:00:00.000Z", durationMs: 10, sizeBytes: content.length,
    sha256: createHash("sha256").update(content).digest("hex"), compressed: true, berthVersion: "0.1.0",
    source: { user: "app", database: "app" }, facts: { tables: { "public.notes": 3 } },
  };
  return { path, manifest };
}

describe("manifest", () => {
  const content = Buffer.alloc(3 * 1024 * 1024 + 17, 7);

  it("hashes a file larger than one read chunk, as sha256 of the whole", async () => {
    const { path } = await artifact(content);
    expect(await hashFile(path)).toEqual({ sha256: createHash("sha256").update(content).digest("hex"), sizeBytes: content.length });
  });

  it("round-trips next to the artifact, readable only by its owner", async () => {
    const { path, manifest } = await artifact(content);
    await writeManifest(path, manifest);
    expect(await readManifest(manifestPathOf(path))).toEqual(manifest);
    expect(JSON.parse(await readFile(`${path}.manifest.json`, "utf8")).sha256).toBe(manifest.sha256);
  });

  it("reads a manifest that is not JSON as a located error, not a crash", async () => {
    const { path } = await artifact(content);
    await writeFile(manifestPathOf(path), '{"manifestVersion": 1, "sha2');
    await expect(readManifest(manifestPathOf(path))).rejects.toThrow(/db-2026\.dump\.manifest\.json is not valid JSON/);
  });

  it("writing a manifest into a folder that is a file is a located error with a hint", async () => {
    const { path, manifest } = await artifact(content);
    await expect(writeManifest(join(path, "nested.dump"), manifest)).rejects.toMatchObject({ code: "fs.enotdir", message: expect.stringMatching(/writing the backup's manifest failed: .*nested\.dump\.manifest\.json/), hint: expect.stringMatching(/is a file, not a folder/) });
  });

  it("accepts an intact artifact", async () => {
    const { path, manifest } = await artifact(content);
    expect(await checkArtifact(path, manifest)).toBeUndefined();
  });

  it("detects a truncated artifact by its size", async () => {
    const { path, manifest } = await artifact(content);
    await truncate(path, 1000);
    expect(await checkArtifact(path, manifest)).toMatch(/the file is 1000 bytes, its manifest recorded 3145745 \(truncated or replaced\)/);
  });

  it("detects a corrupted artifact of the same size by its sha256", async () => {
    const { path, manifest } = await artifact(content);
    const corrupted = Buffer.from(content);
    corrupted[1234] = 8;
    await writeFile(path, corrupted);
    expect(await checkArtifact(path, manifest)).toMatch(/sha256 is [0-9a-f]{12}…, its manifest recorded [0-9a-f]{12}… \(corrupted\)/);
  });

  it("says when the artifact is gone", async () => {
    const { path, manifest } = await artifact(content);
    expect(await checkArtifact(`${path}.gone`, manifest)).toBe("the file is missing");
  });
});
