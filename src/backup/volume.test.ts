import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import type { ContainerCreateRequest, ContainerDetails } from "../engine/engine.js";
import { FakeEngine, type FakeBehaviour } from "../engine/fake-engine.js";
import { composeLabel } from "../engine/labels.js";
import type { StoredBackup } from "./backup-store.js";
import type { DriverContext } from "./driver.js";
import type { BackupManifest } from "./manifest.js";
import { helperLabel } from "./one-shot.js";
import { selectBackupTargets } from "./select-driver.js";
import { findServiceInstance } from "./service-instance.js";
import { volumeDrillScript, volumeRestoreScript } from "./volume-scripts.js";
import { volumeDriver } from "./volume.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const checksum = "c".repeat(64);
const fingerprint = (files: number, sum = checksum) => `berth-files|${files}|${sum}\n`;

interface Staging {
  /** Per helper role: its exit code and what it prints (default: exit 0 and the 2-file fingerprint). */
  readonly helper?: Partial<Record<"backup" | "drill" | "restore", { exit?: number; stdout?: string; stderr?: string }>>;
  /** The service's x-berth.backup keys besides the driver, as YAML flow text. */
  readonly backup?: string;
  /** Exit code of the service's snapshot command. */
  readonly snapshotExit?: number;
}

/**
 * Project `shop`: `files` (backed up with the volume driver) and `api` both mount `uploads`,
 * `worker` does not; all three run on a fake engine that reports the mounts as the real one does.
 */
async function volumeStack(staging: Staging = {}) {
  const folder = mkdtempSync(join(tmpdir(), "berth-volume-"));
  dirs.push(folder);
  const helpers: ContainerCreateRequest[] = [];
  const snapshots: string[][] = [];
  const behave = (request: ContainerCreateRequest): FakeBehaviour => {
    const role = request.Labels?.[helperLabel] as "backup" | "drill" | "restore" | undefined;
    if (role === undefined) return { exec: (command) => (snapshots.push([...command]), { exitCode: staging.snapshotExit ?? 0, output: staging.snapshotExit ? "sync: read-only file system\n" : "" }) };
    helpers.push(request);
    const answer = { exit: 0, stdout: fingerprint(2), stderr: "", ...staging.helper?.[role] };
    const out = request.Env?.find((line) => line.startsWith("BERTH_OUT=/backup/"))?.slice("BERTH_OUT=/backup/".length);
    if (out !== undefined && answer.exit === 0) writeFileSync(join(folder, out), "fake tar");
    return { exitOnStart: answer.exit, logs: [{ stream: "stdout", text: answer.stdout }, { stream: "stderr", text: answer.stderr }] };
  };
  const engine = new FakeEngine({ images: ["node:20-bookworm-slim"], behave });
  const inspect = engine.inspectContainer.bind(engine);
  engine.inspectContainer = async (idOrName) => {
    const details = await inspect(idOrName);
    const mounts = details !== undefined && /^\/?shop-(files|api)-1$/.test(details.Name) ? [{ Type: "volume", Name: "shop_uploads", Destination: "/srv/uploads" }] : [];
    return details === undefined ? undefined : ({ ...details, Mounts: mounts } as unknown as ContainerDetails);
  };
  for (const service of ["files", "api", "worker"]) {
    const id = await engine.createContainer({ name: `shop-${service}-1`, Image: "node:20-bookworm-slim", Labels: { [composeLabel.project]: "shop", [composeLabel.service]: service, [composeLabel.number]: "1" } });
    await engine.startContainer(id);
  }
  const project = loadInline(`
name: shop
services:
  files:
    image: node:20-bookworm-slim
    volumes: [uploads:/srv/uploads]
    x-berth: { backup: { driver: volume${staging.backup === undefined ? "" : `, ${staging.backup}`} } }
  api: { image: node:20-bookworm-slim, volumes: [uploads:/srv/uploads] }
  worker: { image: node:20-bookworm-slim }
volumes:
  uploads: {}
`);
  const context: DriverContext = { engine, project: "shop", target: selectBackupTargets(project, ["files"])[0]!, instance: await findServiceInstance(engine, "shop", "files"), folder, compress: false, timeoutMs: 10_000 };
  engine.calls.length = 0;
  /** Stops and starts of the app's own containers, in order. */
  const stopsAndStarts = () => engine.calls.filter((call) => /^(stop|start) shop-(files|api|worker)-1$/.test(call));
  return { engine, context, folder, helpers, snapshots, stopsAndStarts };
}

function storedTar(context: DriverContext, facts: BackupManifest["facts"]): StoredBackup {
  const artifactPath = join(context.folder, "files-1.tar");
  writeFileSync(artifactPath, "fake tar");
  const manifest = { manifestVersion: 1, driver: "volume", artifact: "files-1.tar", imageId: context.instance.imageId, sizeBytes: 8, sha256: createHash("sha256").update("fake tar").digest("hex"), source: { volume: "shop_uploads" }, facts } as unknown as BackupManifest;
  return { manifest, artifactPath, manifestPath: `${artifactPath}.manifest.json` };
}

describe("volumeDriver.backup", () => {
  it("stops every running container that mounts the volume (not the others), copies, and starts them again", async () => {
    const { context, folder, helpers, stopsAndStarts } = await volumeStack();
    const produced = await volumeDriver.backup(context, "files-1.tar");
    expect(produced).toEqual({ compressed: false, source: { volume: "shop_uploads" }, facts: { files: 2, filesChecksum: checksum } });
    expect(stopsAndStarts()).toEqual(["stop shop-files-1", "stop shop-api-1", "start shop-api-1", "start shop-files-1"]);
    expect(readFileSync(join(folder, "files-1.tar"), "utf8")).toBe("fake tar");
    expect(existsSync(join(folder, "files-1.tar.partial"))).toBe(false);
    const helper = helpers[0]!;
    expect(helper.HostConfig?.["Binds"]).toEqual(["shop_uploads:/volume:ro", `${folder}:/backup`]);
    expect(helper.HostConfig?.["NetworkMode"]).toBe("none");
    expect(helper.User).toBe("0:0");
    expect(helper.Cmd?.[0]).not.toContain("chown");
  });

  it("hands the archive to the user who asked when a file owner is given, and compresses on request", async () => {
    const { context, helpers } = await volumeStack();
    const produced = await volumeDriver.backup({ ...context, compress: true, fileOwner: "1000:1000" }, "files-1.tar.gz");
    expect(produced.compressed).toBe(true);
    expect(helpers[0]!.Env).toContain("BERTH_OWNER=1000:1000");
    expect(helpers[0]!.Cmd?.[0]).toMatch(/\nchown "\$BERTH_OWNER" "\$BERTH_OUT"$/);
    expect(volumeDriver.extension(true)).toBe("tar.gz");
    expect(volumeDriver.extension(false)).toBe("tar");
  });

  it("runs the declared snapshot command in the service instead of stopping anything", async () => {
    const { context, snapshots, stopsAndStarts } = await volumeStack({ backup: `snapshot_command: "sync"` });
    await volumeDriver.backup(context, "files-1.tar");
    expect(snapshots).toEqual([["sh", "-c", "sync"]]);
    expect(stopsAndStarts()).toEqual([]);
  });

  it("fails naming the service and the command's output when the snapshot command fails, copying nothing", async () => {
    const { context, helpers } = await volumeStack({ backup: `snapshot_command: [sync]`, snapshotExit: 2 });
    await expect(volumeDriver.backup(context, "files-1.tar")).rejects.toThrow("the snapshot command of files failed (exit 2): sync: read-only file system");
    expect(helpers).toEqual([]);
  });

  it("copies without stopping when the service declares consistency: none", async () => {
    const { context, stopsAndStarts, helpers } = await volumeStack({ backup: "consistency: none" });
    await volumeDriver.backup(context, "files-1.tar");
    expect(stopsAndStarts()).toEqual([]);
    expect(helpers).toHaveLength(1);
  });

  it("starts the writers again and reports tar's last words when the copy fails", async () => {
    const { context, folder, stopsAndStarts } = await volumeStack({ helper: { backup: { exit: 2, stdout: "", stderr: "tar: ./big: file changed as we read it\n" } } });
    await expect(volumeDriver.backup(context, "files-1.tar")).rejects.toThrow("copying volume shop_uploads failed (exit 2):\ntar: ./big: file changed as we read it");
    expect(stopsAndStarts()).toEqual(["stop shop-files-1", "stop shop-api-1", "start shop-api-1", "start shop-files-1"]);
    expect(existsSync(join(folder, "files-1.tar"))).toBe(false);
  });

  it("refuses a copy whose helper printed no fingerprint, quoting what it printed", async () => {
    const { context } = await volumeStack({ helper: { backup: { stdout: "tar: unknown option -z\n" } } });
    await expect(volumeDriver.backup(context, "files-1.tar")).rejects.toThrow("the volume helper printed no fingerprint:\ntar: unknown option -z");
  });

  it("needs the target's volume", async () => {
    const { context } = await volumeStack();
    const { volume: _dropped, ...withoutVolume } = context.target;
    await expect(volumeDriver.backup({ ...context, target: withoutVolume }, "files-1.tar")).rejects.toThrow("files has no volume to copy");
  });
});

describe("volumeDriver.drill", () => {
  it("extracts into a throwaway helper from the backup's image, with no network and the folder read-only, and compares the fingerprint", async () => {
    const { context, folder, helpers, stopsAndStarts } = await volumeStack();
    const outcome = await volumeDriver.drill(context, storedTar(context, { files: 2, filesChecksum: checksum }));
    expect(outcome).toEqual({ ok: true, checks: [`2 files (backup had 2)`, `content checksum ${checksum.slice(0, 12)}… matches`] });
    const helper = helpers[0]!;
    expect(helper.Cmd).toEqual([volumeDrillScript]);
    expect(helper.HostConfig?.["Binds"]).toEqual([`${folder}:/backup:ro`]);
    expect(helper.Env).toEqual(expect.arrayContaining(["BERTH_ARTIFACT=/backup/files-1.tar"]));
    expect(stopsAndStarts()).toEqual([]);
  });

  it("fails when the extracted files differ from those at backup time", async () => {
    const { context } = await volumeStack({ helper: { drill: { stdout: fingerprint(1, "d".repeat(64)) } } });
    const outcome = await volumeDriver.drill(context, storedTar(context, { files: 2, filesChecksum: checksum }));
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toBe(`restored files differ from the backup: 1 files (backup had 2), content checksum ${"d".repeat(12)}… differs from ${checksum.slice(0, 12)}…`);
  });

  it("turns a failed extract into a failed drill with the last lines of its error output", async () => {
    const { context } = await volumeStack({ helper: { drill: { exit: 3, stdout: "", stderr: "one\ntwo\nthree\nberth: /backup/files-1.tar does not match the sha256 of its manifest\n" } } });
    const outcome = await volumeDriver.drill(context, storedTar(context, { files: 2, filesChecksum: checksum }));
    expect(outcome).toEqual({ ok: false, checks: [], error: "extracting files-1.tar failed (exit 3): two three berth: /backup/files-1.tar does not match the sha256 of its manifest" });
  });
});

describe("volumeDriver.restore", () => {
  it("stops the volume's writers, restores into the volume the project names and proves the result", async () => {
    const { context, folder, helpers, stopsAndStarts } = await volumeStack();
    const outcome = await volumeDriver.restore(context, storedTar(context, { files: 2, filesChecksum: checksum }));
    expect(outcome.ok).toBe(true);
    expect(stopsAndStarts()).toEqual(["stop shop-files-1", "stop shop-api-1", "start shop-api-1", "start shop-files-1"]);
    const helper = helpers[0]!;
    expect(helper.Cmd).toEqual([volumeRestoreScript]);
    expect(helper.HostConfig?.["Binds"]).toEqual(["shop_uploads:/volume", `${folder}:/backup:ro`]);
    expect(helper.Env).toEqual(expect.arrayContaining(["BERTH_FILES=2", `BERTH_CHECKSUM=${checksum}`]));
  });

  it("restores into the project's volume even when a doctored manifest names another", async () => {
    const { context, helpers } = await volumeStack();
    const stored = storedTar(context, { files: 2, filesChecksum: checksum });
    await volumeDriver.restore(context, { ...stored, manifest: { ...stored.manifest, source: { volume: "other_secrets" } } });
    expect(helpers[0]!.HostConfig?.["Binds"]).toContain("shop_uploads:/volume");
    expect(JSON.stringify(helpers[0])).not.toContain("other_secrets");
  });

  it("refuses a manifest without the facts a restore is proven against, touching nothing", async () => {
    const { context, helpers, stopsAndStarts } = await volumeStack();
    await expect(volumeDriver.restore(context, storedTar(context, { files: 2 }))).rejects.toThrow(/files-1\.tar\.manifest\.json records no file count and checksum to prove a restore against$/);
    expect(helpers).toEqual([]);
    expect(stopsAndStarts()).toEqual([]);
  });

  it("starts the writers again and says the live data was left alone when the restore helper fails", async () => {
    const { context, stopsAndStarts } = await volumeStack({ helper: { restore: { exit: 4, stdout: "", stderr: "berth: extracted files do not match the backup\n" } } });
    await expect(volumeDriver.restore(context, storedTar(context, { files: 2, filesChecksum: checksum }))).rejects.toMatchObject({
      message: "restoring volume shop_uploads failed (exit 4):\nberth: extracted files do not match the backup",
      hint: "the live data was left as it was; check the backup with berth restore --check",
    });
    expect(stopsAndStarts()).toEqual(["stop shop-files-1", "stop shop-api-1", "start shop-api-1", "start shop-files-1"]);
  });
});
