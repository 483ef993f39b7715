import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScript, sha256Of, treeOf } from "./testing/run-script.js";
import { stageName, volumeBackupScript, volumeDrillScript, volumeRestoreScript, volumeScriptEnv } from "./volume-scripts.js";

/** A volume folder with data, backed up with the real backup script into a tar beside it. */
function backedUp(name = "files.tar") {
  const root = mkdtempSync(join(tmpdir(), "berth-volume-"));
  const volume = join(root, "volume");
  mkdirSync(join(volume, "sub"), { recursive: true });
  writeFileSync(join(volume, "a.txt"), "alpha\n");
  writeFileSync(join(volume, ".hidden"), "dot file\n");
  writeFileSync(join(volume, "sub", "b.bin"), Buffer.alloc(5000, 3));
  const artifact = join(root, name);
  const backup = runScript(volumeBackupScript(false), volumeScriptEnv({ volume, out: artifact }));
  expect(backup.code).toBe(0);
  const [, files, checksum] = backup.stdout.trim().split("|");
  const before = treeOf(volume);
  // The live data then moves on: the restore must bring the backed-up state back.
  writeFileSync(join(volume, "a.txt"), "changed after the backup\n");
  writeFileSync(join(volume, "new.txt"), "written after the backup\n");
  const live = treeOf(volume);
  const env = (overrides: { artifact?: string; sha256?: string; checksum?: string } = {}) =>
    volumeScriptEnv({ volume, artifact: overrides.artifact ?? artifact, sha256: overrides.sha256 ?? sha256Of(overrides.artifact ?? artifact), files: Number(files), checksum: overrides.checksum ?? checksum! });
  return { root, volume, artifact, before, live, env, files: Number(files), checksum: checksum! };
}

describe("volume restore script (run with the local sh)", () => {
  it("brings back exactly the backed-up files, dot files included, and leaves no staging folder", () => {
    const { volume, before, env } = backedUp();
    const result = runScript(volumeRestoreScript, env());
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(treeOf(volume)).toEqual(before);
    expect(existsSync(join(volume, stageName))).toBe(false);
    expect(result.stdout.trim()).toMatch(/^berth-files\|3\|[0-9a-f]{64}$/);
  });

  it("a damaged archive whose checksum was forged to match leaves the live data as it was", () => {
    const { root, volume, live, env } = backedUp();
    const damaged = join(root, "damaged.tar");
    writeFileSync(damaged, Buffer.concat([readFileSync(join(root, "files.tar")).subarray(0, 700), Buffer.alloc(300, 0x41)]));
    const result = runScript(volumeRestoreScript, env({ artifact: damaged }));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/the live data is untouched/);
    expect(treeOf(volume)).toEqual(live);
    expect(existsSync(join(volume, stageName))).toBe(false);
  });

  it("refuses an artifact whose bytes do not hash to the manifest's sha256, before extracting anything", () => {
    const { volume, live, env } = backedUp();
    const result = runScript(volumeRestoreScript, env({ sha256: "0".repeat(64) }));
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/does not match the sha256 of its manifest/);
    expect(treeOf(volume)).toEqual(live);
  });

  it("an intact archive of other content than the facts recorded is not swapped in", () => {
    const { volume, live, env } = backedUp();
    const result = runScript(volumeRestoreScript, env({ checksum: "f".repeat(64) }));
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/the extract is not what was backed up/);
    expect(treeOf(volume)).toEqual(live);
  });

  it("takes an artifact name full of shell syntax as data, never as a command", () => {
    const { root, volume, before } = backedUp(`x"; touch pwned; ".tar`);
    const artifact = join(root, `x"; touch pwned; ".tar`);
    const { files, checksum } = backedUp();
    const result = runScript(volumeRestoreScript, volumeScriptEnv({ volume, artifact, sha256: sha256Of(artifact), files, checksum }));
    expect(result.code).toBe(0);
    expect(treeOf(volume)).toEqual(before);
    expect(existsSync(join(root, "pwned"))).toBe(false);
    expect(existsSync("pwned")).toBe(false);
  });

  it("finishes a restore killed in the middle of its swap before starting a new one", () => {
    const { volume, before, env } = backedUp();
    // A kill after the extract was proven and half the old entries were moved out.
    const stage = join(volume, stageName);
    mkdirSync(join(stage, "new", "sub"), { recursive: true });
    mkdirSync(join(stage, "old"));
    writeFileSync(join(stage, "new", "a.txt"), "alpha\n");
    writeFileSync(join(stage, "new", ".hidden"), "dot file\n");
    writeFileSync(join(stage, "new", "sub", "b.bin"), Buffer.alloc(5000, 3));
    writeFileSync(join(stage, "verified"), "");
    writeFileSync(join(stage, "old", "moved-already"), "old\n");
    const result = runScript(volumeRestoreScript, env());
    expect(result.code).toBe(0);
    expect(treeOf(volume)).toEqual(before);
  });

  it("drops the extract of a restore killed before its proof, and the live data stays", () => {
    const { volume, before, env } = backedUp();
    const stage = join(volume, stageName);
    mkdirSync(join(stage, "new"), { recursive: true });
    writeFileSync(join(stage, "new", "half-extracted"), "x");
    const result = runScript(volumeRestoreScript, env());
    expect(result.code).toBe(0);
    expect(treeOf(volume)).toEqual(before);
  });

  it("the drill script checks the bytes and fingerprints the extract without touching the volume", () => {
    const { root, artifact, files, checksum, live, volume } = backedUp();
    const drill = runScript(volumeDrillScript, volumeScriptEnv({ volume: join(root, "drill"), artifact, sha256: sha256Of(artifact) }));
    expect(treeOf(volume)).toEqual(live);
    expect(drill.stdout.trim().split("\n").at(-1)).toBe(`berth-files|${files}|${checksum}`);
  });

  it("a backup never includes a leftover staging folder", () => {
    const { volume, root, files } = backedUp();
    mkdirSync(join(volume, stageName, "new"), { recursive: true });
    writeFileSync(join(volume, stageName, "new", "junk"), "x");
    const again = runScript(volumeBackupScript(true), volumeScriptEnv({ volume, out: join(root, "again.tar.gz") }));
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split("|")[1]).toBe(String(files + 1)); // new.txt, written after the first backup
    expect(runScript(`tar -tzf "$A"`, [`A=${join(root, "again.tar.gz")}`]).stdout).not.toContain(stageName);
  });
});
