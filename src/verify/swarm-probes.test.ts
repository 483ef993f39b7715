import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import type { Evidence, HealthProbe, HttpProbe, PostgresProbe, Probe, TcpProbe, WebsocketProbe } from "./probe.js";
import { remotePsqlEnv, type StackAccess, type StackService as ServiceFacts, type StackServiceHealth as ServiceHealth, type SwarmStackRead as StackRead } from "./swarm-context.js";
import { judgeTasks, place, runSwarmProbes } from "./swarm-probes.js";
import { ShotEngine } from "./swarm-testing.js";

const project = loadInline(`
name: shop
services:
  web: { image: nginx:1.22, networks: [front], ports: [{ target: 8080, published: 18080, mode: host }] }
  api: { image: node:20, networks: [front, data] }
  db: { image: postgres:15, networks: [data], environment: { POSTGRES_USER: notes, POSTGRES_PASSWORD: s3cret } }
networks: { front: {}, data: {} }
`);

const facts = (over: Partial<ServiceFacts>): ServiceFacts => ({ id: "s", image: "x", env: {}, networks: [], mounts: [], eligibleNodes: [], running: [], publishes: [], ...over });
const web = facts({ id: "s-web", image: "nginx:1.22", networks: ["shop_front"], publishes: [{ published: 18080, mode: "host" }], running: [{ id: "t-web", node: "node-2", nodeId: "n2", address: "172.21.0.3", containerId: "c-web" }] });
const db = facts({ id: "s-db", image: "postgres:15", networks: ["shop_data"], env: { POSTGRES_USER: "notes", POSTGRES_PASSWORD: "s3cret" }, running: [{ id: "t-db", node: "node-3", nodeId: "n3", address: "172.21.0.4", containerId: "c-db" }] });
const health: ServiceHealth[] = [{ service: "api", mode: "replicated", desired: 2, running: 2, completed: 0, ok: true, placements: [{ task: "shop_api.1", node: "node-1", state: "running" }, { task: "shop_api.2", node: "node-2", state: "running" }], lost: [], pending: [] }];
const stack: StackRead = { facts: new Map([["web", web], ["db", db], ["api", facts({ networks: ["shop_front", "shop_data"] })]]), health, managerId: "n1", managerName: "node-1", managerAddress: "172.21.0.2" };

const base = { timeoutMs: 5000 };
const http = (url: string, from: "host" | "network"): HttpProbe => ({ ...base, kind: "http", name: `h-${url}`, from, method: "GET", url, headers: {}, expect: { status: [200], headers: {}, json: {}, bodyContains: [] } });

describe("place: where a network probe runs on Swarm", () => {
  it("aims a published port at the node whose task publishes it (host mode), from an observer on that service's network", () => {
    const placed = place(http("http://127.0.0.1:18080/api/version", "host"), stack, project);
    expect(placed).toMatchObject({ network: "shop_front", node: "node-2", probe: { url: "http://172.21.0.3:18080/api/version" } });
    const ws: WebsocketProbe = { ...base, kind: "websocket", name: "ws", from: "host", url: "ws://localhost:18080/socket.io/?EIO=4&transport=websocket", socketio: true };
    expect(place(ws, stack, project)).toMatchObject({ node: "node-2", probe: { url: "ws://172.21.0.3:18080/socket.io/?EIO=4&transport=websocket" } });
  });

  it("aims an ingress port at the manager's own address (every node answers)", () => {
    const ingress: StackRead = { ...stack, facts: new Map([["web", { ...web, publishes: [{ published: 18080, mode: "ingress" as const }] }]]) };
    expect(place(http("http://127.0.0.1:18080/", "host"), ingress, project)).toMatchObject({ node: "node-1", probe: { url: "http://172.21.0.2:18080/" } });
  });

  it("runs a probe addressed to a service name on that service's overlay network", () => {
    expect(place(http("http://api:3000/health", "network"), stack, project)).toMatchObject({ network: "shop_front" });
    const tcp: TcpProbe = { ...base, kind: "tcp", name: "t", from: "network", host: "db", port: 5432 };
    expect(place(tcp, stack, project)).toMatchObject({ network: "shop_data" });
  });

  it("says why when no service publishes the port, or its task runs nowhere", () => {
    expect(place(http("http://127.0.0.1:9999/", "host"), stack, project)).toBe("no service of the stack publishes port 9999 on the Swarm");
    const idle: StackRead = { ...stack, facts: new Map([["web", { ...web, running: [] }]]) };
    expect(place(http("http://127.0.0.1:18080/", "host"), idle, project)).toBe("service web publishes port 18080 in host mode, and no task of it runs on a ready node");
  });
});

describe("remotePsqlEnv", () => {
  it("adds the service as host and its own password when the probe has no URL", () => {
    expect(remotePsqlEnv(["PGUSER=notes", "PGDATABASE=notes"], "db", { POSTGRES_PASSWORD: "s3cret" })).toEqual(["PGUSER=notes", "PGDATABASE=notes", "PGHOST=db", "PGPASSWORD=s3cret"]);
  });
  it("keeps the host and password of the app's URL", () => {
    expect(remotePsqlEnv(["PGHOST=db", "PGPASSWORD=app-pass"], "db", { POSTGRES_PASSWORD: "s3cret" })).toEqual(["PGHOST=db", "PGPASSWORD=app-pass"]);
  });
});

describe("judgeTasks", () => {
  const probe: HealthProbe = { ...base, kind: "health", name: "api-health", service: "api" };
  it("passes when every desired task runs on a ready node, naming them", () => {
    const evidence = judgeTasks(probe, health[0]);
    expect(evidence.ok).toBe(true);
    expect(evidence.summary).toBe("2/2 tasks running (shop_api.1 running on node-1, shop_api.2 running on node-2)");
  });
  it("fails a short service with the scheduler's reason and the lost task", () => {
    const short: ServiceHealth = { ...health[0]!, running: 1, ok: false, pending: [{ task: "shop_api.2", state: "pending", message: "no suitable node" }], lost: [{ task: "shop_api.2", node: "node-2", nodeState: "down" }] };
    const evidence = judgeTasks(probe, short);
    expect(evidence.ok).toBe(false);
    expect(evidence.failures).toEqual(["expected 2 task(s) running on ready nodes, 1/2 tasks running", "shop_api.2 pending: no suitable node", "shop_api.2 lost with node-2 (down)"]);
  });
  it("fails a service that is not in the stack", () => {
    expect(judgeTasks(probe, undefined).failures).toEqual(["service api is not in the stack: run berth up first"]);
  });
});

describe("runSwarmProbes", () => {
  /** A manager that only reads: these probes never restart anything. */
  const access = (read: StackRead): StackAccess => ({ read: async () => read, forceRestart: () => Promise.reject(new Error("no restart here")), updateState: async () => ({ state: "completed", message: "" }) });
  it("asks Postgres from a one-shot container of its image on its network, with the app's credentials in the environment", async () => {
    const engine = new ShotEngine(() => ({ exitCode: 0, stdout: "1\n" }));
    const probe: PostgresProbe = { ...base, kind: "postgres", name: "db-from-app", service: "db", url: "postgres://notes:app-pass@db:5432/notes", query: "SELECT 1", rows: ["1"] };
    const [evidence] = await runSwarmProbes([probe], { engine: engine.asEngine(), project, stack: access(stack) });
    expect(evidence).toMatchObject({ ok: true, facts: { node: "node-3" } });
    expect(evidence?.target).toContain("from a container on shop_data");
    expect(engine.created[0]).toMatchObject({ Image: "postgres:15", HostConfig: { NetworkMode: "shop_data" } });
    expect(engine.created[0]?.Env).toEqual(expect.arrayContaining(["PGHOST=db", "PGPASSWORD=app-pass", "PGUSER=notes"]));
    expect(JSON.stringify(engine.created[0]?.Cmd)).not.toContain("app-pass");
  });

  it("fails a wrong password with psql's words and the one-host hint", async () => {
    const engine = new ShotEngine(() => ({ exitCode: 2, stdout: "", stderr: 'psql: error: FATAL:  password authentication failed for user "notes"' }));
    const probe: PostgresProbe = { ...base, kind: "postgres", name: "wrong", service: "db", url: "postgres://notes:nope@db:5432/notes", query: "SELECT 1" };
    const [evidence] = await runSwarmProbes([probe], { engine: engine.asEngine(), project, stack: access(stack) });
    expect(evidence?.ok).toBe(false);
    expect(evidence?.failures[0]).toContain("password authentication failed");
    expect(evidence?.hint).toContain("does not match the database's");
  });

  it("speaks to Redis by service name, the password in REDISCLI_AUTH", async () => {
    const engine = new ShotEngine(() => ({ exitCode: 0, stdout: "PONG\n" }));
    const redis: ServiceFacts = { ...db, image: "redis:7" };
    const read = async (): Promise<StackRead> => ({ ...stack, facts: new Map([["cache", redis]]) });
    const [evidence] = await runSwarmProbes([{ ...base, kind: "redis", name: "ping", service: "cache", command: ["PING"], expect: "PONG", password: "r3dis" }], { engine: engine.asEngine(), project, stack: access(await read()) });
    expect(evidence?.ok).toBe(true);
    expect(engine.created[0]).toMatchObject({ Image: "redis:7", Cmd: ["redis-cli", "-h", "cache", "PING"], Env: ["REDISCLI_AUTH=r3dis"] });
  });

  it("runs an exec probe in a task on the manager's own node, and fails in words for a task elsewhere", async () => {
    const engine = new ShotEngine(() => ({ exitCode: 0, stdout: "" }));
    const onManager: StackRead = { ...stack, facts: new Map([["web", { ...web, running: [{ ...web.running[0]!, nodeId: "n1", node: "node-1" }] }], ["db", db]]) };
    const probes: Probe[] = [
      { ...base, kind: "exec", name: "nginx-t", service: "web", command: ["nginx", "-t"], exitCode: 0, outputContains: [] },
      { ...base, kind: "exec", name: "db-ls", service: "db", command: ["ls"], exitCode: 0, outputContains: [] },
    ];
    const [local, remote] = await runSwarmProbes(probes, { engine: engine.asEngine(), project, stack: access(onManager) });
    expect(local?.ok).toBe(true);
    expect(engine.execs).toEqual([{ id: "c-web", command: ["nginx", "-t"] }]);
    expect(remote?.ok).toBe(false);
    expect(remote?.failures[0]).toBe("an exec probe runs in a task's container, and berth reaches only the manager's engine (node-1); db runs on node-3");
  });

  it("fails a store probe of a service without a running task, and keeps the probes' order", async () => {
    const engine = new ShotEngine(() => ({ exitCode: 0, stdout: "1\n" }));
    const idle: StackRead = { ...stack, facts: new Map([["db", { ...db, running: [] }]]) };
    const probes: Probe[] = [
      { ...base, kind: "postgres", name: "q", service: "db", query: "SELECT 1" },
      { ...base, kind: "health", name: "api-health", service: "api" },
    ];
    const evidence = await runSwarmProbes(probes, { engine: engine.asEngine(), project, stack: access(idle) });
    expect(evidence.map((e: Evidence) => [e.probe, e.ok])).toEqual([["q", false], ["api-health", true]]);
    expect(evidence[0]?.failures).toEqual(["service db has no running task on a ready node"]);
    expect(engine.created).toEqual([]);
  });
});
