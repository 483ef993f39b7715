import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { EngineError } from "../common/errors.js";
import { swarmPort } from "./swarm-writer.js";
import type { ServiceSpec } from "./swarm-spec.js";

// A stand-in for a manager's Engine API on 127.0.0.1 that records method, path, query and body:
// the test sees what berth sends (the spec in the body, the version in the query), not only what
// it makes of the answers. Answers have the API's own shapes (networks say Id, services ID).
interface Seen {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: unknown;
}

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

type Route = { status?: number; body?: unknown; raw?: Buffer };

async function manager(routes: Record<string, Route>, seen: Seen[] = []): Promise<string> {
  server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://engine");
      const text = Buffer.concat(chunks).toString("utf8");
      seen.push({ method: request.method ?? "", path: url.pathname, query: Object.fromEntries(url.searchParams), body: text ? JSON.parse(text) : undefined });
      const route = routes[`${request.method} ${url.pathname}`];
      if (route?.raw) {
        response.writeHead(200, { "content-type": "application/vnd.docker.raw-stream" });
        response.end(route.raw);
        return;
      }
      response.writeHead(route?.status ?? (route ? 200 : 404), { "content-type": "application/json" });
      response.end(JSON.stringify(route?.body ?? (route ? {} : { message: `no route ${request.method} ${url.pathname}` })));
    });
  });
  await new Promise<void>((listening) => server?.listen(0, "127.0.0.1", listening));
  return `tcp://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

const spec: ServiceSpec = {
  Name: "shop_api",
  Labels: { "com.docker.stack.namespace": "shop" },
  TaskTemplate: { ContainerSpec: { Image: "shop-api:1.4", Labels: { "com.docker.stack.namespace": "shop" } } },
  Mode: { Replicated: { Replicas: 2 } },
  EndpointSpec: { Mode: "dnsrr" },
};

/** One stream frame of a non-TTY log: stream type, three zero bytes, big-endian length, payload. */
function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe("swarmPort", () => {
  it("creates a service with the spec as the body, and updates it with the version in the query only", async () => {
    const seen: Seen[] = [];
    const host = await manager({ "POST /v1.41/services/create": { status: 201, body: { ID: "svc1" } }, "POST /v1.41/services/svc1/update": { body: { Warnings: null } } }, seen);
    const port = swarmPort({ DOCKER_HOST: host });
    expect(await port.createService(spec)).toBe("svc1");
    await port.updateService("svc1", 7, spec);
    expect(seen[0]).toMatchObject({ method: "POST", path: "/v1.41/services/create", body: spec });
    expect(seen[1]).toMatchObject({ method: "POST", path: "/v1.41/services/svc1/update", query: { version: "7" }, body: spec });
    expect(Object.keys(seen[1]?.query ?? {})).toEqual(["version"]);
  });

  it("finds the stack's objects by its label and reads networks' Id as their id", async () => {
    const seen: Seen[] = [];
    const host = await manager({ "GET /v1.41/networks": { body: [{ Id: "net1", Name: "shop_default" }] }, "GET /v1.41/secrets": { body: [{ ID: "sec1", Spec: { Name: "shop_pw-abc" } }] } }, seen);
    const port = swarmPort({ DOCKER_HOST: host });
    expect(await port.networks("shop")).toEqual([{ ID: "net1", Name: "shop_default" }]);
    expect(await port.fileObjects("secret", "shop")).toEqual([{ ID: "sec1", Name: "shop_pw-abc" }]);
    expect(seen.map((request) => request.query["filters"])).toEqual(['{"label":["com.docker.stack.namespace=shop"]}', '{"label":["com.docker.stack.namespace=shop"]}']);
  });

  it("keeps only the exact name from the engine's substring name filter", async () => {
    const host = await manager({ "GET /v1.41/networks": { body: [{ Id: "n1", Name: "shop_default_old" }, { Id: "n2", Name: "shop_default" }] }, "GET /v1.41/configs": { body: [{ ID: "c1", Spec: { Name: "shop_site-1" } }] } });
    const port = swarmPort({ DOCKER_HOST: host });
    expect(await port.networkNamed("shop_default")).toEqual({ ID: "n2", Name: "shop_default" });
    expect(await port.fileObjectNamed("config", "shop_site")).toBeUndefined();
  });

  it("creates attachable overlay networks and base64 secrets with the stack's labels", async () => {
    const seen: Seen[] = [];
    const host = await manager({ "POST /v1.41/networks/create": { status: 201, body: { Id: "n1" } }, "POST /v1.41/secrets/create": { status: 201, body: { ID: "s1" } }, "POST /v1.41/configs/create": { status: 201, body: { ID: "c1" } } }, seen);
    const port = swarmPort({ DOCKER_HOST: host });
    await port.createNetwork({ Name: "shop_web", Labels: { "com.docker.stack.namespace": "shop" }, Driver: "overlay", Scope: "swarm", Attachable: true, Internal: true });
    expect(await port.createFileObject({ kind: "secret", key: "pw", Name: "shop_pw-abc", Labels: { "com.docker.stack.namespace": "shop" }, Data: Buffer.from("s3cret").toString("base64") })).toBe("s1");
    expect(await port.createFileObject({ kind: "config", key: "site", Name: "shop_site-def", Labels: {}, Data: "" })).toBe("c1");
    expect(seen[0]?.body).toMatchObject({ Name: "shop_web", Driver: "overlay", Scope: "swarm", Attachable: true, Internal: true, Labels: { "com.docker.stack.namespace": "shop" } });
    expect(seen[1]?.body).toEqual({ Name: "shop_pw-abc", Labels: { "com.docker.stack.namespace": "shop" }, Data: "czNjcmV0" });
    expect(seen[2]?.path).toBe("/v1.41/configs/create");
  });

  it("reads a service's tasks by its id, and its last output demultiplexed", async () => {
    const seen: Seen[] = [];
    const host = await manager({ "GET /v1.41/tasks": { body: [{ ID: "t1", ServiceID: "svc1", DesiredState: "running", Status: { State: "running" } }] }, "GET /v1.41/services/svc1/logs": { raw: Buffer.concat([frame(1, "listening\n"), frame(2, "Error: boom\n")]) } }, seen);
    const port = swarmPort({ DOCKER_HOST: host });
    expect((await port.tasks("svc1")).map((task) => task.ID)).toEqual(["t1"]);
    expect(await port.serviceLogs("svc1", 20)).toBe("listening\nError: boom\n");
    expect(seen[0]?.query["filters"]).toBe('{"service":["svc1"]}');
    expect(seen[1]?.query).toMatchObject({ stdout: "true", stderr: "true", tail: "20" });
  });

  it("leaves the logs out when a node cannot send them, instead of failing the diagnosis", async () => {
    const host = await manager({ "GET /v1.41/services/svc1/logs": { status: 500, body: { message: "node unreachable" } } });
    expect(await swarmPort({ DOCKER_HOST: host }).serviceLogs("svc1", 20)).toBe("");
  });

  it("removes a volume on the manager's node, answers false for one that is not there, and an EngineError otherwise", async () => {
    const host = await manager({ "DELETE /v1.41/volumes/shop_data": { status: 204 }, "DELETE /v1.41/volumes/shop_gone": { status: 404, body: { message: "no such volume" } }, "DELETE /v1.41/volumes/shop_busy": { status: 409, body: { message: "volume is in use" } }, "GET /v1.41/info": { body: { Swarm: { NodeID: "node-a" } } } });
    const port = swarmPort({ DOCKER_HOST: host });
    expect(await port.removeLocalVolume("shop_data")).toBe(true);
    expect(await port.removeLocalVolume("shop_gone")).toBe(false);
    await expect(port.removeLocalVolume("shop_busy")).rejects.toBeInstanceOf(EngineError);
    expect(await port.localNodeId()).toBe("node-a");
  });

  it("turns a refusal into an EngineError naming what it was doing", async () => {
    const host = await manager({ "POST /v1.41/services/create": { status: 409, body: { message: "name conflicts with an existing object" } } });
    const failure = await swarmPort({ DOCKER_HOST: host }).createService(spec).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EngineError);
    expect((failure as Error).message).toContain("creating service shop_api");
    expect((failure as Error).message).toContain("name conflicts with an existing object");
  });
});
