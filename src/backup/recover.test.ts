import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ContainerDetails, ContainerSummary, Engine } from "../engine/engine.js";
import { recoverInterrupted } from "./recover.js";
import { stopLedgerIn } from "./stop-ledger.js";

interface FakeContainer {
  id: string;
  name: string;
  running: boolean;
  labels: Record<string, string>;
}

/** Containers in memory; records every call in order. */
function fakeEngine(containers: FakeContainer[], calls: string[]): Engine {
  const matches = (c: FakeContainer, labels: Readonly<Record<string, string | true>> = {}) => Object.entries(labels).every(([key, value]) => (value === true ? key in c.labels : c.labels[key] === value));
  return {
    listContainers: async (filter?: { labels?: Readonly<Record<string, string | true>> }) =>
      containers.filter((c) => matches(c, filter?.labels)).map((c) => ({ id: c.id, name: c.name, state: c.running ? "running" : "exited", labels: c.labels }) as unknown as ContainerSummary),
    inspectContainer: async (id: string) => {
      const c = containers.find((known) => known.id === id);
      return c === undefined ? undefined : ({ Id: c.id, Name: `/${c.name}`, State: { Running: c.running } } as unknown as ContainerDetails);
    },
    startContainer: async (id: string) => {
      calls.push(`start ${id}`);
      containers.find((c) => c.id === id)!.running = true;
    },
    waitContainer: async (id: string) => {
      calls.push(`wait ${id}`);
      return { exitCode: 0 };
    },
    removeContainer: async (id: string) => void calls.push(`remove ${id}`),
  } as unknown as Engine;
}

const project = { "com.docker.compose.project": "shop" };

describe("recoverInterrupted", () => {
  it("after a kill: waits for a restore helper mid-swap, removes every helper and scratch, then starts what the run had stopped", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "berth-recover-"));
    const ledger = stopLedgerIn(stateDir);
    await ledger.add("aaaaaaaaaaaa");
    await ledger.add("bbbbbbbbbbbb");
    await ledger.add("999999999999");
    const containers: FakeContainer[] = [
      { id: "aaaaaaaaaaaa", name: "shop-api-1", running: false, labels: project },
      { id: "bbbbbbbbbbbb", name: "shop-web-1", running: true, labels: project },
      { id: "h1", name: "shop-restore-redis-1", running: true, labels: { ...project, "io.berth.backup-helper": "restore" } },
      { id: "h2", name: "shop-drill-postgres-2", running: true, labels: { ...project, "io.berth.backup-helper": "drill" } },
      { id: "h3", name: "other-drill-postgres-3", running: true, labels: { "com.docker.compose.project": "other", "io.berth.backup-helper": "drill" } },
    ];
    const calls: string[] = [];
    const done = await recoverInterrupted({ engine: fakeEngine(containers, calls), project: "shop", ledger, backupDir: stateDir, services: [] });
    expect(calls).toEqual(["wait h1", "remove h1", "remove h2", "start aaaaaaaaaaaa"]);
    expect(done).toEqual([
      "removed the restore helper shop-restore-redis-1 left by an interrupted run",
      "removed the drill helper shop-drill-postgres-2 left by an interrupted run",
      "started shop-api-1 again (stopped by an interrupted backup or restore)",
    ]);
    expect(await ledger.read()).toEqual([]);
  });

  it("removes .partial artifacts, half-written manifests and artifacts without a manifest, and nothing else", async () => {
    const dir = await mkdtemp(join(tmpdir(), "berth-recover-"));
    const folder = join(dir, "db");
    await mkdir(folder);
    const keep = ["db-2026-11-23T07-00-00-000Z.dump", "db-2026-11-23T07-00-00-000Z.dump.manifest.json", "notes.txt", "db-copy.dump"];
    const leftovers = ["db-2026-11-24T07-00-00-000Z.dump.partial", "db-2026-11-23T07-00-00-000Z.dump.manifest.json.tmp", "db-2026-11-25T07-00-00-000Z.dump"];
    for (const name of [...keep, ...leftovers]) await writeFile(join(folder, name), "x");
    const done = await recoverInterrupted({ engine: fakeEngine([], []), project: "shop", ledger: stopLedgerIn(dir), backupDir: dir, services: ["db", "absent"] });
    expect((await readdir(folder)).sort()).toEqual([...keep].sort());
    expect(done).toHaveLength(3);
  });

  it("has nothing to do after a clean run", async () => {
    const dir = await mkdtemp(join(tmpdir(), "berth-recover-"));
    expect(await recoverInterrupted({ engine: fakeEngine([], []), project: "shop", ledger: stopLedgerIn(dir), backupDir: dir, services: ["db"] })).toEqual([]);
  });
});
