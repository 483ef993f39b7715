import { createHash } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import type { ContainerDetails, ContainerSummary, Engine } from "../engine/engine.js";
import type { StoredBackup } from "./backup-store.js";
import type { BackupManifest } from "./manifest.js";
import { restoreBackup } from "./restore.js";
import { selectBackupTargets } from "./select-driver.js";
import { stopLedgerIn } from "./stop-ledger.js";

const project = loadInline(`
name: shop
services:
  db: { image: postgres:15 }
  api:
    image: node:20-bookworm-slim
    stop_grace_period: 45s
    depends_on: { db: { condition: service_healthy } }
  web:
    image: nginx:1.22
    depends_on: { api: { condition: service_started } }
  worker:
    image: node:20-bookworm-slim
`);

/** A fake engine with one running container per service, recording stops and starts. */
function fakeEngine(calls: string[], failOneShot: boolean): Engine {
  const details = (service: string): ContainerDetails =>
    ({ Id: `id-${service}`, Name: `/shop-${service}-1`, Image: "sha256:img", State: { Running: true, Status: "running" }, Config: { Env: [], Image: "x", Labels: { "com.docker.compose.service": service } }, Mounts: [] }) as unknown as ContainerDetails;
  const summary = (service: string) => ({ id: `id-${service}`, labels: { "com.docker.compose.service": service, "com.docker.compose.container-number": "1" } }) as unknown as ContainerSummary;
  const engine: Partial<Engine> = {
    listContainers: async (filter) => [summary(String(filter?.labels?.["com.docker.compose.service"]))],
    inspectContainer: async (id) => details(id.replace("id-", "")),
    stopContainer: async (id, options) => void calls.push(options?.timeoutSeconds === 10 ? `stop ${id}` : `stop ${id} grace ${options?.timeoutSeconds}`),
    startContainer: async (id) => void calls.push(`start ${id}`),
    createContainer: async () => {
      if (failOneShot) throw new Error("engine refused the helper");
      return "helper";
    },
  };
  return engine as Engine;
}

async function storedBackup(): Promise<StoredBackup> {
  const dir = await mkdtemp(join(tmpdir(), "berth-restore-"));
  const content = Buffer.from("PGDMP fake");
  const path = join(dir, "db.dump");
  await writeFile(path, content);
  const manifest = { manifestVersion: 1, driver: "postgres", artifact: "db.dump", sizeBytes: content.length, sha256: createHash("sha256").update(content).digest("hex"), source: { user: "app", database: "app" }, facts: {} } as unknown as BackupManifest;
  return { manifest, artifactPath: path, manifestPath: `${path}.manifest.json` };
}

describe("restoreBackup", () => {
  const target = selectBackupTargets(project, ["db"])[0]!;

  it("refuses a damaged artifact before touching the engine", async () => {
    const stored = await storedBackup();
    const calls: string[] = [];
    const damaged = { ...stored, manifest: { ...stored.manifest, sizeBytes: 999 } };
    await expect(restoreBackup({ engine: fakeEngine(calls, false), project, target, stored: damaged, dir: "/b", timeoutMs: 1000 })).rejects.toThrow(/refusing to restore .*db\.dump: the file is 10 bytes, its manifest recorded 999/);
    expect(calls).toEqual([]);
  });

  it("stops the services that depend on the target (dependents first) and starts them again even when the restore fails", async () => {
    const calls: string[] = [];
    await expect(restoreBackup({ engine: fakeEngine(calls, true), project, target, stored: await storedBackup(), dir: "/b", timeoutMs: 1000 })).rejects.toThrow(/engine refused the helper/);
    expect(calls).toEqual(["stop id-web", "stop id-api grace 45", "start id-api", "start id-web"]);
  });

  it("records the stopped dependents in the ledger while the restore runs, and clears them after", async () => {
    const calls: string[] = [];
    const state = await mkdtemp(join(tmpdir(), "berth-restore-state-"));
    const ledger = stopLedgerIn(state);
    // The fake's ids are not hex, which read() would filter out: the file itself is looked at.
    const recorded = async () => JSON.parse(await readFile(join(state, "backup-stopped.json"), "utf8")) as string[];
    const seen: string[][] = [];
    const engine = fakeEngine(calls, true);
    const create = engine.createContainer.bind(engine);
    engine.createContainer = async (request) => {
      seen.push(await recorded());
      return create(request);
    };
    engine.listContainers = async (filter) => (filter?.labels?.["io.berth.backup-helper"] === true ? [] : [{ id: `id-${String(filter?.labels?.["com.docker.compose.service"])}`, labels: { "com.docker.compose.service": String(filter?.labels?.["com.docker.compose.service"]) } } as unknown as ContainerSummary]);
    await expect(restoreBackup({ engine, project, target, stored: await storedBackup(), dir: "/b", timeoutMs: 1000, ledger })).rejects.toThrow(/engine refused the helper/);
    expect(seen).toEqual([["id-web", "id-api"]]);
    expect(await recorded()).toEqual([]);
  });
});
