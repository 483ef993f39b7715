import { describe, expect, it } from "vitest";
import { UsageError } from "../../common/errors.js";
import { createRedactor } from "../../common/redact.js";
import type { LogChunk } from "../../engine/types/stream.js";
import type { ServiceLogOptions, StackObjects, SwarmReader } from "../../swarm/swarm-client.js";
import { swarmLogs, type SwarmLogsOptions } from "./swarm-logs.js";

const line = (task: string, node: string, text: string) => `com.docker.swarm.node.id=${node},com.docker.swarm.service.id=x,com.docker.swarm.task.id=${task} ${text}\n`;

const first: StackObjects = {
  services: [
    { ID: "s-api", Spec: { Name: "shop_api" } },
    { ID: "s-db", Spec: { Name: "shop_db", TaskTemplate: { ContainerSpec: { TTY: true } } } },
  ],
  tasks: [
    { ID: "t-api1", ServiceID: "s-api", Slot: 1, NodeID: "n1", DesiredState: "running", Status: { State: "running" } },
    { ID: "t-db1", ServiceID: "s-db", Slot: 1, NodeID: "n3", DesiredState: "running", Status: { State: "running" } },
  ],
  nodes: [
    { ID: "n1", Description: { Hostname: "node-1" } },
    { ID: "n2", Description: { Hostname: "node-2" } },
    { ID: "n3", Description: { Hostname: "node-3" } },
  ],
};

/** A manager whose services answer these chunks; `later` is the stack after a task started. */
function reader(logs: Record<string, string[]>, later?: StackObjects) {
  const asked: { service: string; options: ServiceLogOptions }[] = [];
  let reads = 0;
  const fake: SwarmReader = {
    display: "tcp://manager:2375",
    role: async () => "manager",
    stackTasks: async () => [],
    stackObjects: async () => (reads++ === 0 || later === undefined ? first : later),
    async *serviceLogs(serviceId, options): AsyncGenerator<LogChunk> {
      asked.push({ service: serviceId, options });
      for (const text of logs[serviceId] ?? []) yield { stream: "stdout", text };
    },
  };
  return { fake, asked, reads: () => reads };
}

async function run(logs: Record<string, string[]>, wanted: string[] = [], options: Partial<SwarmLogsOptions> = {}, later?: StackObjects, secrets: string[] = []) {
  const { fake, asked, reads } = reader(logs, later);
  let out = "";
  await swarmLogs(fake, "shop", wanted, { timestamps: false, follow: false, prefix: true, ...options }, new AbortController().signal, createRedactor(secrets), (text) => (out += text));
  return { out, asked, reads: reads() };
}

describe("berth logs on a Swarm manager", () => {
  it("prints each line once, prefixed with its task and node, whole even when the manager's chunks cut it", async () => {
    const api = line("t-api1", "n1", "listening on :3000") + line("t-api1", "n1", "GET /api/version 200");
    const { out } = await run({ "s-api": [api.slice(0, 40), api.slice(40, 130), api.slice(130)], "s-db": [line("t-db1", "n3", "ready to accept connections")] });
    expect(out).toBe(["api.1@node-1 | listening on :3000", "api.1@node-1 | GET /api/version 200", "db.1@node-3  | ready to accept connections", ""].join("\n"));
  });

  it("asks each service for its tail, timestamps and follow as given, a TTY service as one raw stream", async () => {
    const { asked } = await run({}, ["db", "api"], { tail: 3, timestamps: true });
    expect(asked).toEqual([
      { service: "s-db", options: { tail: 3, timestamps: true, follow: false, tty: true } },
      { service: "s-api", options: { tail: 3, timestamps: true, follow: false, tty: false } },
    ]);
  });

  it("puts the timestamp after the prefix, as berth logs -t does on one host", async () => {
    const { out } = await run({ "s-api": [`2026-12-08T04:01:40.082Z ${line("t-api1", "n1", "oops")}`] }, ["api"], { timestamps: true });
    expect(out).toBe("api.1@node-1 | 2026-12-08T04:01:40.082Z oops\n");
  });

  it("prints bare lines with --no-log-prefix, and a last line without its newline", async () => {
    const { out } = await run({ "s-api": [line("t-api1", "n1", "one"), line("t-api1", "n1", "two").trimEnd()] }, ["api"], { prefix: false });
    expect(out).toBe("one\ntwo\n");
  });

  it("reads the stack again once for a task it did not know (started since: an update, a rescheduled task)", async () => {
    const later: StackObjects = { ...first, tasks: [...first.tasks, { ID: "t-api2", ServiceID: "s-api", Slot: 2, NodeID: "n2", DesiredState: "running", Status: { State: "running" } }] };
    const { out, reads } = await run({ "s-api": [line("t-api2", "n2", "new task"), line("t-api2", "n2", "again")] }, ["api"], {}, later);
    expect(out).toBe("api.2@node-2 | new task\napi.2@node-2 | again\n");
    expect(reads).toBe(2);
  });

  it("masks the project's secrets in every line", async () => {
    const { out } = await run({ "s-api": [line("t-api1", "n1", "connecting to postgres://app:pw-canary-99@db/app with token tk-canary-1")] }, ["api"], {}, undefined, ["pw-canary-99", "tk-canary-1"]);
    expect(out).toBe("api.1@node-1 | connecting to postgres://app:***@db/app with token ***\n");
  });

  it("refuses a service the stack does not have, naming the stack and the manager", async () => {
    const failure = await run({}, ["web"]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UsageError);
    expect((failure as Error).message).toBe("no service web in stack shop on the Swarm manager tcp://manager:2375");
  });

  it("follows every service at once", async () => {
    const { out, asked } = await run({ "s-api": [line("t-api1", "n1", "a")], "s-db": [line("t-db1", "n3", "b")] }, [], { follow: true });
    expect(asked.map((entry) => entry.options.follow)).toEqual([true, true]);
    expect(out.split("\n").filter(Boolean).sort()).toEqual(["api.1@node-1 | a", "db.1@node-3  | b"]);
  });
});
