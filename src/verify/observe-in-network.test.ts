import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import type { ContainerCreateRequest } from "../engine/engine.js";
import { FakeEngine } from "../engine/fake-engine.js";
import type { Evidence, WebsocketProbe } from "./probe.js";
import { explainWebsocketFailures } from "./explain-websocket.js";
import type { ObserveRequest } from "./observe.js";
import { observeInNetwork, observerLabel } from "./observe-in-network.js";

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A fake engine whose observer container runs its command (`node -e <observer script> <requests>`)
 * on this machine, as the container would in the project network, and prints what it printed.
 */
function engineRunningObservers(print?: string) {
  const created: ContainerCreateRequest[] = [];
  const engine = new FakeEngine({
    images: ["node:20-bookworm-slim"],
    behave: (request) => {
      created.push(request);
      const [, flag, script, requests] = request.Cmd ?? [];
      const output = print ?? spawnSync(process.execPath, [flag!, script!, requests!], { encoding: "utf8", timeout: 20_000 }).stdout;
      return { exitOnStart: 0, logs: [{ stream: "stdout", text: output }] };
    },
  });
  return { engine, created };
}

describe("observeInNetwork", () => {
  it("runs the observer script in one container on the network and returns one observation per request", async () => {
    const port = await closedPort();
    // The kernel completes a connection to a listening socket even while this process waits for the observer.
    const listening = createServer();
    await new Promise<void>((resolve) => listening.listen(0, "127.0.0.1", resolve));
    const open = (listening.address() as AddressInfo).port;
    const { engine, created } = engineRunningObservers();
    const requests: ObserveRequest[] = [
      { id: "db-port", kind: "tcp", host: "127.0.0.1", port, timeoutMs: 2_000 },
      { id: "api-port", kind: "tcp", host: "127.0.0.1", port: open, timeoutMs: 2_000 },
    ];
    const [refused, connected] = await observeInNetwork({ engine, project: "shop", network: "shop_default" })(requests).finally(() => listening.close());
    expect(refused?.id).toBe("db-port");
    expect(refused?.error).toMatch(/^ECONNREFUSED: /);
    expect(connected).toMatchObject({ id: "api-port", connected: true, remote: `127.0.0.1:${open}` });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ Image: "node:20-bookworm-slim", Labels: { "io.berth.managed": "true", [observerLabel]: "shop" }, HostConfig: { NetworkMode: "shop_default" }, NetworkingConfig: { EndpointsConfig: { shop_default: {} } } });
    expect(created[0]?.name).toMatch(/^shop-berth-verify-[0-9a-f]{8}$/);
    expect(await engine.listContainers()).toEqual([]);
  });

  it("starts nothing for no request", async () => {
    const { engine, created } = engineRunningObservers();
    expect(await observeInNetwork({ engine, project: "shop", network: "shop_default", image: "alpine:3" })([])).toEqual([]);
    expect(created).toEqual([]);
  });

  it("fails with what the container printed when it printed no result, and still removes it", async () => {
    const { engine } = engineRunningObservers("");
    const observe = observeInNetwork({ engine, project: "shop", network: "shop_default" });
    await expect(observe([{ id: "x", kind: "tcp", host: "db", port: 5432, timeoutMs: 1_000 }])).rejects.toThrow("the observer container printed nothing: ");
    expect(await engine.listContainers()).toEqual([]);
  });

  it("names a request the observer left out", async () => {
    const { engine } = engineRunningObservers('[{"id":"a","elapsedMs":3,"connected":true}]\n');
    const observed = await observeInNetwork({ engine, project: "shop", network: "n" })([
      { id: "a", kind: "tcp", host: "db", port: 5432, timeoutMs: 1_000 },
      { id: "b", kind: "tcp", host: "db", port: 5433, timeoutMs: 1_000 },
    ]);
    expect(observed).toEqual([{ id: "a", elapsedMs: 3, connected: true }, { id: "b", elapsedMs: 0, error: "the observer returned nothing for this probe" }]);
  });
});

describe("explainWebsocketFailures", () => {
  const project = loadInline(`name: shop\nservices:\n  web:\n    image: nginx:1.22\n    ports: ["127.0.0.1:18080:80"]\n  api:\n    image: node:20-bookworm-slim\n`);
  const nginxT = "# configuration file /etc/nginx/conf.d/default.conf:\nserver {\n  listen 80;\n  location /socket.io/ {\n    proxy_pass http://api:3000;\n    proxy_http_version 1.1;\n  }\n}\n";
  const probe: WebsocketProbe = { kind: "websocket", name: "live", from: "host", url: "ws://127.0.0.1:18080/socket.io/?EIO=4", socketio: true, timeoutMs: 5_000 };
  const failed: Evidence = { probe: "live", kind: "websocket", target: probe.url, ok: false, summary: "got 400", failures: ["got 400"], facts: { upgraded: false, status: 400 }, startedAt: "2026-11-23T07:00:00.000Z", durationMs: 4 };

  it("names the nginx location that served the request and the directives it lacks", () => {
    const [explained] = explainWebsocketFailures([failed], [probe], project, { web: nginxT });
    expect(explained?.hint).toBe(`nginx location /socket.io/ of web (nginx -T line 4) does not forward the upgrade: add proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade"`);
    expect(explained?.facts).toMatchObject({ proxyLocation: "web /socket.io/" });
  });

  it("leaves the evidence alone when nginx is not at fault or cannot be read", () => {
    const complete = nginxT.replace("proxy_http_version 1.1;", 'proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade";');
    expect(explainWebsocketFailures([failed], [probe], project, { web: complete })).toEqual([failed]);
    expect(explainWebsocketFailures([failed], [probe], project, {})).toEqual([failed]);
    const unreachable = { ...failed, facts: { upgraded: false } };
    expect(explainWebsocketFailures([unreachable], [probe], project, { web: nginxT })).toEqual([unreachable]);
    expect(explainWebsocketFailures([failed], [{ ...probe, url: "ws://127.0.0.1:9999/socket.io/" }], project, { web: nginxT })).toEqual([failed]);
  });
});
