import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import type { ContainerCreateRequest } from "../engine/engine.js";
import type { PersistenceProbe } from "./probe.js";
import type { StackAccess, StackService as ServiceFacts, StackTask as RunningTask, SwarmStackRead as StackRead } from "./swarm-context.js";
import { mountsOf, remoteStep, runSwarmPersistenceProbe } from "./swarm-persistence.js";
import { ShotEngine, type ShotAnswer } from "./swarm-testing.js";

const project = loadInline("name: shop\nservices:\n  db: { image: postgres:15 }\n");
const task = (id: string, n: number): RunningTask => ({ id, node: `node-${n}`, nodeId: `n${n}`, address: `10.0.0.${n}`, containerId: `c-${id}` });
const db = (running: RunningTask[], eligibleNodes = ["node-3"]): ServiceFacts => ({
  id: "s-db",
  image: "postgres:15",
  env: { POSTGRES_USER: "notes", POSTGRES_PASSWORD: "s3cret", POSTGRES_DB: "notes" },
  networks: ["shop_data"],
  mounts: [{ type: "volume", source: "shop_pgdata", target: "/var/lib/postgresql/data" }],
  eligibleNodes,
  running,
  publishes: [],
});
const probe: PersistenceProbe = { kind: "persistence", name: "db-persistence", service: "db", store: "postgres", restart: true, timeoutMs: 5000 };

/** A Postgres reached over the network: markers live in a table that survives a new task when `keeps` says so. */
function store(keeps: () => boolean) {
  let rows = new Set<string>();
  return (request: ContainerCreateRequest): ShotAnswer => {
    const sql = request.Cmd?.at(-1) ?? "";
    const marker = /'(m[0-9a-f]+)'/.exec(sql)?.[1] ?? "";
    if (sql.startsWith("CREATE TABLE")) rows.add(marker);
    if (sql.startsWith("SHOW data_directory")) return { exitCode: 0, stdout: "/var/lib/postgresql/data\n" };
    if (sql.startsWith("SELECT marker")) {
      if (!keeps()) rows = new Set();
      return { exitCode: 0, stdout: rows.has(marker) ? `${marker}\n` : "" };
    }
    return { exitCode: 0, stdout: "1\n" };
  };
}

/** A manager whose forced update replaces the task with one on `lands`. */
function manager(initial: ServiceFacts, lands: number, updateState = "completed", oldStaysFor = 0) {
  const restarts: string[] = [];
  let current = initial;
  let reads = 0;
  const stack: StackAccess = {
    read: async (): Promise<StackRead> => {
      // A start-first update: the old task runs beside the new one for the first `oldStaysFor` reads.
      reads += 1;
      const facts = restarts.length > 0 && reads <= oldStaysFor ? { ...current, running: [...initial.running, ...current.running] } : current;
      return { facts: new Map([["db", facts]]), health: [], managerId: "n1", managerName: "node-1", managerAddress: "10.0.0.1" };
    },
    forceRestart: async (id) => {
      restarts.push(id);
      reads = 0;
      current = { ...current, running: [task("t-new", lands)] };
    },
    updateState: async () => ({ state: updateState, message: updateState === "completed" ? "" : "update in progress" }),
  };
  return { stack, restarts };
}

describe("persistence on Swarm", () => {
  it("writes a marker, forces a new task on the pinned node, reads the marker back from it, and names the node", async () => {
    const engine = new ShotEngine(store(() => true));
    const { stack, restarts } = manager(db([task("t-old", 3)]), 3);
    const evidence = await runSwarmPersistenceProbe(probe, { engine: engine.asEngine(), project, stack });
    expect(evidence.failures).toEqual([]);
    expect(evidence.ok).toBe(true);
    expect(evidence.summary).toBe("marker survived a forced restart of the task on node-3 (task t-old replaced by t-new); /var/lib/postgresql/data is on volume shop_pgdata on node-3");
    expect(evidence.facts).toMatchObject({ node: "node-3", nodeBefore: "node-3", storage: "named-volume", volume: "shop_pgdata", taskBefore: "t-old", taskAfter: "t-new" });
    expect(restarts).toEqual(["s-db"]);
    // Every step ran from a container of the store's image on its network, the password in the environment.
    expect(engine.created.every((request) => request.Image === "postgres:15" && request.HostConfig?.NetworkMode === "shop_data" && (request.Env ?? []).includes("PGPASSWORD=s3cret"))).toBe(true);
    expect(engine.removed).toHaveLength(engine.created.length);
  });

  it("does not wait out Swarm's monitor period: a new task on the pinned node that answers is the evidence", async () => {
    const engine = new ShotEngine(store(() => true));
    const { stack } = manager(db([task("t-old", 3)]), 3, "updating");
    const evidence = await runSwarmPersistenceProbe(probe, { engine: engine.asEngine(), project, stack });
    expect(evidence.failures).toEqual([]);
    expect(evidence.facts).toMatchObject({ node: "node-3", taskAfter: "t-new" });
  });

  it("reads the marker back only once the old task stopped (start-first keeps it beside the new one)", async () => {
    let oldGone = false;
    const answered: boolean[] = [];
    const engine = new ShotEngine((request) => {
      const sql = request.Cmd?.at(-1) ?? "";
      if (sql.startsWith("SELECT marker")) answered.push(oldGone);
      return store(() => true)(request);
    });
    const { stack } = manager(db([task("t-old", 3)]), 3, "updating", 2);
    const tracked: StackAccess = { ...stack, read: async () => { const read = await stack.read(); oldGone = (read.facts.get("db")?.running ?? []).every((t) => t.id !== "t-old"); return read; } };
    const evidence = await runSwarmPersistenceProbe({ ...probe, timeoutMs: 60_000 }, { engine: engine.asEngine(), project, stack: tracked });
    expect(evidence.facts).toMatchObject({ taskAfter: "t-new" });
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.at(-1)).toBe(true);
  });

  it("fails when Swarm rolls the forced update back", async () => {
    const engine = new ShotEngine(store(() => true));
    const { stack } = manager(db([task("t-old", 3)]), 3, "rollback_started");
    const evidence = await runSwarmPersistenceProbe(probe, { engine: engine.asEngine(), project, stack });
    expect(evidence.ok).toBe(false);
    expect(evidence.failures.join("\n")).toContain("ended rollback_started: update in progress");
  });

  it("fails when the marker is gone after the restart (the data was not on the volume that came back)", async () => {
    let restarted = false;
    const engine = new ShotEngine(store(() => !restarted));
    const { stack } = manager(db([task("t-old", 3)]), 3);
    const tracked: StackAccess = { ...stack, forceRestart: async (id) => ((restarted = true), stack.forceRestart(id)) };
    const evidence = await runSwarmPersistenceProbe(probe, { engine: engine.asEngine(), project, stack: tracked });
    expect(evidence.ok).toBe(false);
    expect(evidence.failures).toContain("the marker written before the restart was gone after it");
  });

  it("fails when the new task lands on another node than the data", async () => {
    const engine = new ShotEngine(store(() => true));
    const { stack } = manager(db([task("t-old", 3)]), 2);
    const evidence = await runSwarmPersistenceProbe(probe, { engine: engine.asEngine(), project, stack });
    expect(evidence.ok).toBe(false);
    expect(evidence.failures).toContain("the new task runs on node-2, not on node-3 where the data was");
  });

  it("does not restart a store its placement does not pin, and says so in words", async () => {
    const engine = new ShotEngine(store(() => true));
    const { stack, restarts } = manager(db([task("t-old", 2)], ["node-2", "node-3"]), 3);
    const evidence = await runSwarmPersistenceProbe(probe, { engine: engine.asEngine(), project, stack });
    expect(restarts).toEqual([]);
    expect(evidence.ok).toBe(false);
    expect(evidence.failures).toEqual(["db is not pinned to one node: its placement allows node-2, node-3, and a task moved to another node starts on an empty volume there (so berth did not restart it)"]);
    expect(evidence.hint).toBe("pin db to the node that holds its volume: deploy.placement.constraints: [node.hostname == node-2]");
  });

  it("fails a service without a running task, and a file store it cannot reach", async () => {
    const engine = new ShotEngine(store(() => true));
    const idle = manager(db([]), 3);
    expect((await runSwarmPersistenceProbe(probe, { engine: engine.asEngine(), project, stack: idle.stack })).failures).toEqual(["service db has no running task on a ready node: run berth up first"]);
    const up = manager(db([task("t-old", 3)]), 3);
    const file = await runSwarmPersistenceProbe({ ...probe, store: "file", path: "/data" }, { engine: engine.asEngine(), project, stack: up.stack });
    expect(file.failures).toEqual(["a file persistence probe writes into the task's container, and berth reaches only the manager's engine"]);
    expect(engine.created).toEqual([]);
  });
});

describe("remoteStep and mountsOf", () => {
  const redis: ServiceFacts = { ...db([task("t", 3)]), image: "redis:7", networks: ["shop_data"] };
  const redisProbe: PersistenceProbe = { ...probe, service: "cache", store: "redis" };
  it("aims redis-cli at the service by name, in a pipeline too", () => {
    expect(remoteStep({ command: ["redis-cli", "GET", "k"], env: ["REDISCLI_AUTH=x"] }, redisProbe, redis)).toMatchObject({ image: "redis:7", network: "shop_data", command: ["redis-cli", "-h", "cache", "GET", "k"], env: ["REDISCLI_AUTH=x"] });
    expect(remoteStep({ command: ["sh", "-c", "redis-cli CONFIG GET dir | tail -n 1"], env: [] }, redisProbe, redis).command).toEqual(["sh", "-c", "redis-cli -h cache CONFIG GET dir | tail -n 1"]);
  });
  it("gives psql the service as host and its password", () => {
    expect(remoteStep({ command: ["psql", "-c", "SELECT 1;"], env: ["PGUSER=notes"] }, probe, db([])).env).toEqual(["PGUSER=notes", "PGHOST=db", "PGPASSWORD=s3cret"]);
  });
  it("describes the spec's mounts as a container's, volumes by name", () => {
    expect(mountsOf(db([]))).toEqual([{ Type: "volume", Name: "shop_pgdata", Source: "shop_pgdata", Destination: "/var/lib/postgresql/data", RW: true }]);
  });
});
