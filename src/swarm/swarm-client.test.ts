import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { EngineError } from "../common/errors.js";
import { swarmReader } from "./swarm-client.js";

// A stand-in for the Engine API on 127.0.0.1: answers the four paths the reader asks and records
// each request, so the test sees the filters berth sends, not only what it makes of the answers.
let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

async function engine(routes: Record<string, unknown>, seen: string[] = []): Promise<string> {
  server = createServer((request: IncomingMessage, response) => {
    const url = new URL(request.url ?? "/", "http://engine");
    seen.push(`${url.pathname}${url.search ? `?${decodeURIComponent(url.search.slice(1))}` : ""}`);
    const body = routes[url.pathname];
    response.writeHead(body === undefined ? 404 : 200, { "content-type": "application/json" });
    response.end(JSON.stringify(body ?? { message: `no route ${url.pathname}` }));
  });
  await new Promise<void>((listening) => server?.listen(0, "127.0.0.1", listening));
  return `tcp://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

describe("swarmReader", () => {
  it("tells a manager from /info", async () => {
    const host = await engine({ "/v1.41/info": { Swarm: { LocalNodeState: "active", ControlAvailable: true } } });
    expect(await swarmReader({ DOCKER_HOST: host }).role()).toBe("manager");
  });
  it("reads the stack's services by label, then their tasks by service id, and joins the nodes", async () => {
    const seen: string[] = [];
    const host = await engine({
      "/v1.41/services": [{ ID: "s1", Spec: { Name: "shop_api", Labels: { "com.docker.stack.namespace": "shop" } } }],
      "/v1.41/nodes": [{ ID: "n1", Description: { Hostname: "node-1" } }],
      "/v1.41/tasks": [{ ID: "t1", ServiceID: "s1", Slot: 1, NodeID: "n1", DesiredState: "running", Status: { State: "running" }, Spec: { ContainerSpec: { Image: "shop-api:1.4" } } }],
    }, seen);
    const rows = await swarmReader({ DOCKER_HOST: host }).stackTasks("shop");
    expect(rows).toMatchObject([{ name: "shop_api.1", service: "api", node: "node-1", state: "running" }]);
    expect(seen).toContain('/v1.41/services?filters={"label":["com.docker.stack.namespace=shop"]}');
    expect(seen).toContain('/v1.41/tasks?filters={"service":["s1"]}');
  });
  it("asks for no tasks when the stack has no services", async () => {
    const seen: string[] = [];
    const host = await engine({ "/v1.41/services": [], "/v1.41/nodes": [] }, seen);
    expect(await swarmReader({ DOCKER_HOST: host }).stackTasks("shop")).toEqual([]);
    expect(seen.some((path) => path.startsWith("/v1.41/tasks"))).toBe(false);
  });
  it("turns an engine's refusal into an EngineError naming what it was doing and where", async () => {
    const host = await engine({ "/v1.41/info": { Swarm: {} } });
    const failure = await swarmReader({ DOCKER_HOST: host }).stackTasks("shop").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EngineError);
    expect((failure as Error).message).toMatch(/stack's services|Swarm's nodes/);
  });
});
