import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { testProject } from "../plan/test-project.js";
import type { HttpProbe } from "../verify/probe.js";
import type { ObserveRequest } from "../verify/observe.js";
import { aimAt, gateProbesByService, gateVerifier, type GateProbe } from "./gate-probes.js";

/** The observer script's answer to a list of requests: each answered 200 with status ok. */
const answerAll = (requests: string) => JSON.stringify((JSON.parse(requests) as ObserveRequest[]).map((r) => ({ id: r.id, elapsedMs: 2, status: 200, statusText: "OK", body: '{"status":"ok"}' })));

const selftest: HttpProbe = {
  name: "api-selftest",
  kind: "http",
  service: "api",
  gate: true,
  timeoutMs: 2000,
  from: "network",
  method: "GET",
  url: "http://api:3000/api/selftest?deep=1",
  headers: {},
  expect: { status: [200], headers: {}, json: { status: "ok" }, bodyContains: [] },
};

const gated = (verify: unknown[]): Partial<Service> => ({ image: "app:2", "x-berth": { verify } });

describe("gate probes", () => {
  it("reads each service's gate: true probes and leaves the others to berth verify", () => {
    const project = testProject("shop", {
      api: gated([{ gate: true, name: "api-selftest", http: { url: "http://api:3000/api/selftest" } }, { http: { url: "http://api:3000/" } }]),
      web: gated([{ gate: true, exec: { command: ["true"] } }]),
    });
    const gates = gateProbesByService(project);
    expect([...gates].map(([service, probes]) => [service, probes.map((p) => p.name)])).toEqual([
      ["api", ["api-selftest"]],
      ["web", ["web-exec-1"]],
    ]);
  });

  it("aims a probe at one container's address and keeps the name in the Host header", () => {
    expect(aimAt(selftest, "172.18.0.7")).toMatchObject({ url: "http://172.18.0.7:3000/api/selftest?deep=1", headers: { Host: "api:3000" } });
    expect(aimAt({ ...selftest, headers: { host: "shop.test" } }, "172.18.0.7")).toMatchObject({ headers: { host: "shop.test" } });
    expect(aimAt({ name: "t", kind: "tcp", timeoutMs: 1, from: "network", host: "api", port: 5432 }, "172.18.0.7")).toMatchObject({ host: "172.18.0.7", port: 5432 });
  });

  it("runs the probes against the new container inside its network and says what was expected and what came back", async () => {
    const engine = new FakeEngine({ images: ["app:2"], behave: () => ({ exec: (command) => (command[0] === "cat" ? { output: "v2-degraded" } : {}) }) });
    const project = testProject("shop", { api: { image: "app:2" } });
    const id = await engine.createContainer({ name: "shop-api-1_next", Image: "app:2", NetworkingConfig: { EndpointsConfig: { shop_default: {} } } });
    await engine.startContainer(id);
    const seen: { network: string; requests: readonly ObserveRequest[] }[] = [];
    const exec = { name: "api-version", kind: "exec", service: "api", gate: true, timeoutMs: 1000, command: ["cat", "/app/VERSION"], exitCode: 0, outputContains: ["v2-ok"] } as const;
    const verify = gateVerifier({
      engine,
      project,
      signal: new AbortController().signal,
      gates: new Map([["api", [selftest, exec]]]),
      observerFor: (network) => async (requests) => {
        seen.push({ network, requests });
        return requests.map((r) => ({ id: r.id, elapsedMs: 3, status: 200, statusText: "OK", body: '{"status":"degraded"}' }));
      },
    });
    const verdict = await verify?.verify("api", id);
    expect(seen).toEqual([{ network: "shop_default", requests: [expect.objectContaining({ url: "http://172.18.0.2:3000/api/selftest?deep=1", headers: { Host: "api:3000" } })] }]);
    expect(verdict).toMatchObject({ ok: false, container: "shop-api-1_next", detail: 'gate probe api-selftest: expected JSON status = "ok", got "degraded"' });
    expect(verdict?.failed).toEqual([
      { probe: "api-selftest", target: "GET http://172.18.0.2:3000/api/selftest?deep=1 (from network) at shop-api-1_next (172.18.0.2)", failures: ['expected JSON status = "ok", got "degraded"'], excerpt: '{"status":"degraded"}' },
      { probe: "api-version", target: "exec in api: cat /app/VERSION at shop-api-1_next (172.18.0.2)", failures: ['expected the output to contain "v2-ok"'], excerpt: "v2-degraded" },
    ]);
    expect(await verify?.verify("web", id)).toEqual({ ok: true, detail: "no gate probes" });
  });

  it("probes by name a container with no address on the service's network (network_mode: stop-first, the old one is stopped)", async () => {
    const engine = new FakeEngine({ images: ["app:2"] });
    const id = await engine.createContainer({ name: "shop-api-1", Image: "app:2", HostConfig: { NetworkMode: "host" } });
    const urls: string[] = [];
    const verify = gateVerifier({
      engine,
      project: testProject("shop", { api: { image: "app:2" } }),
      signal: new AbortController().signal,
      gates: new Map([["api", [selftest]]]),
      observerFor: () => async (requests) => requests.map((r) => (urls.push(r.kind === "http" ? r.url : ""), { id: r.id, elapsedMs: 1, status: 200, statusText: "OK", body: '{"status":"ok"}' })),
    });
    expect(await verify?.verify("api", id)).toEqual({ ok: true, detail: "1 gate probe(s) passed" });
    expect(urls).toEqual(["http://api:3000/api/selftest?deep=1"]);
  });

  it("warms one standing observer per network beside the successor's start, probes through it, and removes it on close", async () => {
    const observerCommands: (readonly string[])[] = [];
    const engine = new FakeEngine({
      images: ["app:2", "node:20-bookworm-slim"],
      behave: (request) => ({ exec: (command) => (request.Image === "node:20-bookworm-slim" ? (observerCommands.push(command), { stdout: answerAll(command[3] ?? "[]") }) : {}) }),
    });
    const exec = { name: "api-version", kind: "exec", service: "worker", gate: true, timeoutMs: 1000, command: ["true"], exitCode: 0, outputContains: [] } as const;
    const gates = gateVerifier({ engine, project: testProject("shop", { api: { image: "app:2" }, worker: { image: "app:2" } }), signal: new AbortController().signal, gates: new Map<string, GateProbe[]>([["api", [selftest]], ["worker", [exec]]]) });
    const observers = () => engine.listContainers({ labels: { "io.berth.verify-observer": "shop" }, includeStopped: true });
    gates?.warm("worker");
    expect(await observers()).toEqual([]);
    gates?.warm("api");
    const id = await engine.createContainer({ name: "shop-api-1_next", Image: "app:2", NetworkingConfig: { EndpointsConfig: { shop_default: {} } } });
    await engine.startContainer(id);
    const warmed = await observers();
    expect(warmed).toHaveLength(1);
    expect(await gates?.verify("api", id)).toEqual({ ok: true, detail: "1 gate probe(s) passed" });
    expect(await gates?.verify("api", id)).toEqual({ ok: true, detail: "1 gate probe(s) passed" });
    expect((await observers()).map((c) => c.id)).toEqual(warmed.map((c) => c.id));
    expect(observerCommands).toHaveLength(2);
    expect(JSON.parse(observerCommands[0]?.[3] ?? "[]")).toEqual([expect.objectContaining({ url: "http://172.18.0.2:3000/api/selftest?deep=1", headers: { Host: "api:3000" } })]);
    await gates?.close();
    expect(await observers()).toEqual([]);
  });

  it("rolls back on a gate probe whose observer could not start, saying why", async () => {
    const engine = new FakeEngine({ images: ["app:2"] });
    const gates = gateVerifier({ engine, project: testProject("shop", { api: { image: "app:2" } }), signal: new AbortController().signal, gates: new Map([["api", [selftest]]]) });
    gates?.warm("api");
    const id = await engine.createContainer({ name: "shop-api-1_next", Image: "app:2", NetworkingConfig: { EndpointsConfig: { shop_default: {} } } });
    await engine.startContainer(id);
    const verdict = await gates?.verify("api", id);
    expect(verdict).toMatchObject({ ok: false, container: "shop-api-1_next" });
    expect(verdict?.detail).toMatch(/^gate probe api-selftest: .*node:20-bookworm-slim/);
    await expect(gates?.close()).resolves.toBeUndefined();
  });

  it("is absent when the project declares no gate probe", () => {
    expect(gateVerifier({ engine: new FakeEngine(), project: testProject("shop", {}), signal: new AbortController().signal, gates: new Map() })).toBeUndefined();
  });
});
