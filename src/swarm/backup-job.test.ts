import { describe, expect, it } from "vitest";
import { OperationFailed } from "../common/errors.js";
import { FakeBackupPort } from "./backup-fake-port.js";
import { randomBytes } from "node:crypto";
import { chunksOf, maxJobInputBytes, runSwarmJob, secretChunkBytes, type JobSpec } from "./backup-job.js";

const datastore = { stack: "shop", service: "db", constraints: ["node.labels.berth.node == 3"], nodeId: "n3" };
const spec = (extra: Partial<JobSpec> = {}): JobSpec => ({ stack: "shop", role: "backup", service: "db", image: "postgres:15", nodeId: "n3", script: "echo hi", env: { A: "1" }, timeoutMs: 60_000, pollMs: 1, ...extra });

describe("runSwarmJob", () => {
  it("runs the script once as a replicated job on the node, on the network, and returns its output", async () => {
    const port = new FakeBackupPort(() => ({ stdout: "out\n", stderr: "err\n" }), datastore);
    let seen: unknown;
    const original = port.createService.bind(port);
    port.createService = async (service) => {
      seen = service;
      return original(service);
    };
    const result = await runSwarmJob(port, spec({ networkId: "net-data" }));
    expect(result).toEqual({ exitCode: 0, stdout: "out\n", stderr: "err\n" });
    expect(seen).toMatchObject({
      Labels: { "io.berth.backup-job": "backup", "io.berth.project": "shop" },
      TaskTemplate: { ContainerSpec: { Image: "postgres:15", Command: ["/bin/sh", "-c"], Args: ["echo hi"], Env: ["A=1"], Secrets: [] }, RestartPolicy: { Condition: "none" }, Placement: { Constraints: ["node.id == n3"] }, Networks: [{ Target: "net-data", Aliases: [] }] },
      Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
      EndpointSpec: { Mode: "dnsrr" },
    });
    expect((seen as { Name: string }).Name).toMatch(/^shop_berth-backup-[0-9a-f]{8}$/);
    expect(port.calls).toEqual(["create service shop_berth-backup-X", "remove service shop_berth-backup-X"]);
  });

  it("hands the input over as secret chunks the script finds in order, and removes them after the service", async () => {
    const input = Buffer.alloc(secretChunkBytes + 100, 7);
    let received = Buffer.alloc(0);
    const port = new FakeBackupPort((_spec, inputs) => {
      received = Buffer.concat([...inputs.keys()].sort().map((key) => inputs.get(key) as Buffer));
      return { stdout: "ok" };
    }, datastore);
    await runSwarmJob(port, spec({ role: "drill", input }));
    expect(received.equals(input)).toBe(true);
    expect(port.calls).toEqual([
      "create secret shop_berth-drill-X-0000",
      "create secret shop_berth-drill-X-0001",
      "create service shop_berth-drill-X",
      "remove service shop_berth-drill-X",
      "remove secret shop_berth-drill-X-0000",
      "remove secret shop_berth-drill-X-0001",
    ]);
    expect(port.secrets.size).toBe(0);
  });

  it("gives the exit code of a failed task", async () => {
    const port = new FakeBackupPort(() => ({ exitCode: 3, stderr: "berth: mismatch\n" }), datastore);
    expect(await runSwarmJob(port, spec())).toEqual({ exitCode: 3, stdout: "", stderr: "berth: mismatch\n" });
  });

  it("quotes Swarm for a task that never ran (rejected)", async () => {
    const port = new FakeBackupPort(() => ({ state: "rejected", exitCode: -1, err: "No such image: postgres:15" }), datastore);
    expect((await runSwarmJob(port, spec())).taskError).toBe("rejected: No such image: postgres:15");
  });

  it("gives up at the deadline with the task's state, and still removes the service and the secrets", async () => {
    const port = new FakeBackupPort(() => "never", datastore);
    const failure = await runSwarmJob(port, spec({ timeoutMs: 20, input: Buffer.from("x") })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OperationFailed);
    expect((failure as OperationFailed).message).toMatch(/^the backup job of db did not finish within 0 s \(its task is pending: no suitable node\)$/);
    expect(port.jobs.size).toBe(0);
    expect(port.secrets.size).toBe(0);
  });

  it("stops when interrupted", async () => {
    const port = new FakeBackupPort(() => "never", datastore);
    const failure = await runSwarmJob(port, spec({ signal: AbortSignal.abort() })).catch((error: unknown) => error as Error);
    expect(failure).toBeInstanceOf(OperationFailed);
    expect((failure as Error).message).toBe("the backup job of db was interrupted");
    expect(port.jobs.size).toBe(0);
  });

  it("refuses an input larger than the limit before creating anything", async () => {
    const port = new FakeBackupPort(() => ({}), datastore);
    const failure = await runSwarmJob(port, spec({ role: "restore", input: Buffer.alloc(maxJobInputBytes + 1) })).catch((error: unknown) => error as Error);
    expect((failure as Error).message).toBe("the artifact is 32.0 MiB: a restore through a Swarm manager takes at most 32 MiB (it travels as secrets through the managers' Raft store)");
    expect(port.calls).toEqual([]);
  });
});

describe("chunksOf", () => {
  it("cuts at the secret size and names the chunks so the shell's glob orders them", () => {
    const bytes = randomBytes(secretChunkBytes * 2 + 10);
    const chunks = chunksOf(bytes);
    expect(chunks.map((chunk) => [chunk.file, chunk.data.length])).toEqual([
      ["berth-in-0000", secretChunkBytes],
      ["berth-in-0001", secretChunkBytes],
      ["berth-in-0002", 10],
    ]);
    expect(Buffer.concat(chunks.map((chunk) => chunk.data)).equals(bytes)).toBe(true);
    expect([...chunks.map((chunk) => chunk.file)].sort()).toEqual(chunks.map((chunk) => chunk.file));
    // Swarm refuses a secret over 500 KiB.
    expect(secretChunkBytes).toBeLessThanOrEqual(500 * 1024);
  });

  it("a small artifact is one chunk", () => {
    expect(chunksOf(Buffer.from("x")).map((chunk) => chunk.file)).toEqual(["berth-in-0000"]);
  });
});

