import { describe, expect, it } from "vitest";
import type { Project, Service, ServicePort } from "../compose/model/project.js";
import type { FakeBehaviour } from "../engine/fake-container.js";
import { withEdges } from "../edge/edge-services.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { testProject } from "../plan/test-project.js";
import { deployProject } from "../runs/deploy-project.js";
import { observeSettle, rolloutSettleMs, settleAfterJoin } from "./settle.js";

const healthcheck = { test: ["CMD", "true"] };
const published: ServicePort = { mode: "ingress", target: 8080, published: "8080", protocol: "tcp" };
const needs = (service: string) => ({ [service]: { condition: "service_healthy" as const, required: true } });
const nginxConf = (valid: string) => `server {\n  resolver 127.0.0.11${valid};\n  set $api backend:3000;\n  location / { proxy_pass http://$api; }\n}\n`;

/** A fake engine whose `proxy:*` containers answer `nginx -T` with `config` (undefined: no nginx there). */
async function deployed(services: Record<string, Partial<Service>>, config: string | undefined, clock?: () => string): Promise<{ engine: FakeEngine; project: Project; asked: string[] }> {
  const asked: string[] = [];
  const nginx = (command: readonly string[]): Partial<{ stdout: string; exitCode: number }> => {
    if (command.join(" ") === "date +%s%N") return clock ? { stdout: clock() } : { exitCode: 127 };
    if (command.join(" ") !== "nginx -T") return {};
    asked.push("nginx -T");
    return config === undefined ? { exitCode: 127, stdout: "" } : { stdout: config };
  };
  const behave = (request: { Image: string }): FakeBehaviour => (request.Image.startsWith("proxy:") ? { exec: nginx } : {});
  const engine = new FakeEngine({ images: ["proxy:1", "api:1", "app:1", "node:20-bookworm-slim"], behave });
  const project = withEdges(testProject("shop", services));
  const up = await deployProject({ engine, project, signal: new AbortController().signal, waitTimeoutMs: 2000, stableMs: 0, build: "never", removeOrphans: false, forceRecreate: false, pull: "never" });
  if (!up.ok) throw new Error(`fake stack did not come up: ${JSON.stringify(up.services)}`);
  return { engine, project, asked };
}

const behindProxy = { proxy: { image: "proxy:1", healthcheck, depends_on: needs("backend") }, backend: { image: "api:1", healthcheck } };

describe("observeSettle", () => {
  it("is short when the only clients are port holders, which re-resolve every 250 ms", async () => {
    const { engine, project } = await deployed({ frontend: { image: "app:1", healthcheck, ports: [published] } }, undefined);
    expect(await observeSettle(engine, project, "frontend", 6000)).toEqual({ ms: 500, why: "while its port holder re-resolves every 250 ms" });
    expect((await observeSettle(engine, project, "frontend", 200)).ms).toBe(200);
  });

  it("follows the running nginx's resolver valid= (plus the second nginx may keep an answer longer)", async () => {
    const { engine, project, asked } = await deployed(behindProxy, nginxConf(" valid=1s"));
    expect(await observeSettle(engine, project, "backend", 6000)).toEqual({ ms: 2250, why: "while proxy's nginx re-resolves backend within 2 s (resolver valid=1s)" });
    expect(asked).toEqual(["nginx -T"]);
  });

  it("is capped by the configured upper bound, and says so", async () => {
    const { engine, project } = await deployed(behindProxy, nginxConf(" valid=10s"));
    expect(await observeSettle(engine, project, "backend", 6000)).toEqual({ ms: 6000, why: "while proxies re-resolve (proxy's nginx re-resolves backend within 11 s (resolver valid=10s); capped)" });
  });

  it("waits the upper bound for a client berth cannot read: no nginx, or a resolver without valid=", async () => {
    const plain = await deployed(behindProxy, undefined);
    expect(await observeSettle(plain.engine, plain.project, "backend", 6000)).toEqual({ ms: 6000, why: "while proxies re-resolve (proxy is not an nginx berth can read)" });
    const ttl = await deployed(behindProxy, nginxConf(""));
    expect((await observeSettle(ttl.engine, ttl.project, "backend", 6000)).why).toContain("without valid=");
  });

  it("takes the slowest client: an unreadable one beside a port holder still means the upper bound", async () => {
    const { engine, project } = await deployed({ ...behindProxy, worker: { image: "app:1", healthcheck, depends_on: needs("backend") } }, nginxConf(" valid=1s"));
    expect(await observeSettle(engine, project, "backend", 6000)).toMatchObject({ ms: 6000, why: "while proxies re-resolve (worker is not an nginx berth can read)" });
  });

  it("waits the upper bound when no service declares it depends on it, and asks nobody when that bound is 0", async () => {
    const { engine, project, asked } = await deployed(behindProxy, nginxConf(" valid=1s"));
    expect(await observeSettle(engine, project, "proxy", 6000)).toEqual({ ms: 6000, why: "no service declares it depends on it (its callers are unknown)" });
    expect(await observeSettle(engine, project, "backend", 0)).toMatchObject({ ms: 0 });
    expect(asked).toEqual([]);
  });

  it("a client with no running container sends nothing and needs no wait", async () => {
    const { engine, project } = await deployed(behindProxy, nginxConf(" valid=1s"));
    for (const c of await engine.listContainers({ labels: { "com.docker.compose.service": "proxy" } })) await engine.stopContainer(c.id);
    expect(await observeSettle(engine, project, "backend", 6000)).toEqual({ ms: 0, why: "while proxy has no running container" });
  });
});

describe("observeSettle with the proxy's clock", () => {
  const now = () => `${BigInt(Date.now()) * 1_000_000n}\n`;

  it("keeps the bound and adds the nginx's second grid when its clock reads to the nanosecond", async () => {
    const { engine, project } = await deployed(behindProxy, nginxConf(" valid=1s"), now);
    const settle = await observeSettle(engine, project, "backend", 6000);
    expect(settle).toMatchObject({ ms: 2250, why: "while proxy's nginx re-resolves backend within 2 s (resolver valid=1s)", othersMs: 0, grid: { validSeconds: 1 } });
    expect(settle.grid?.offsetMs.lo).toBeLessThanOrEqual(settle.grid?.offsetMs.hi ?? Number.NaN);
    expect(settle.grid?.offsetMs.lo).toBeLessThanOrEqual(0);
    expect(settle.grid?.offsetMs.hi).toBeGreaterThanOrEqual(0);
  });

  it("has no grid when the clock cannot be read to the millisecond (busybox date), and none when capped", async () => {
    const busybox = await deployed(behindProxy, nginxConf(" valid=1s"), () => "1765150000N\n");
    expect(await observeSettle(busybox.engine, busybox.project, "backend", 6000)).toEqual({ ms: 2250, why: "while proxy's nginx re-resolves backend within 2 s (resolver valid=1s)" });
    const capped = await deployed(behindProxy, nginxConf(" valid=10s"), now);
    expect((await observeSettle(capped.engine, capped.project, "backend", 6000)).grid).toBeUndefined();
  });

  it("keeps another client's wait as a floor: a port holder beside the nginx", async () => {
    const services = { ...behindProxy, backend: { ...behindProxy.backend, ports: [published] } };
    const { engine, project } = await deployed(services, nginxConf(" valid=1s"), now);
    expect(await observeSettle(engine, project, "backend", 6000)).toMatchObject({ ms: 2250, othersMs: 500, grid: { validSeconds: 1 } });
  });
});

describe("settleAfterJoin", () => {
  const grid = { validSeconds: 1, offsetMs: { lo: 0, hi: 0 } };

  it("ends on the proxy's whole second, never after the bound", () => {
    expect(settleAfterJoin({ ms: 2250, why: "", grid, othersMs: 0 }, 12_740)).toBe(1360);
    expect(settleAfterJoin({ ms: 2250, why: "", grid, othersMs: 0 }, 12_000)).toBe(2100);
    expect(settleAfterJoin({ ms: 2250, why: "", grid, othersMs: 0 }, 12_800)).toBe(2250);
  });

  it("never ends before another client's wait, and is the bound without a grid", () => {
    expect(settleAfterJoin({ ms: 2250, why: "", grid, othersMs: 1500 }, 12_740)).toBe(1500);
    expect(settleAfterJoin({ ms: 2250, why: "" }, 12_740)).toBe(2250);
    expect(settleAfterJoin({ ms: 0, why: "" }, 12_740)).toBe(0);
  });
});

describe("rolloutSettleMs", () => {
  it("reads BERTH_ROLLOUT_SETTLE_MS, 6 s by default", () => {
    expect(rolloutSettleMs({})).toBe(6000);
    expect(rolloutSettleMs({ BERTH_ROLLOUT_SETTLE_MS: "1500" })).toBe(1500);
    expect(rolloutSettleMs({ BERTH_ROLLOUT_SETTLE_MS: "soon" })).toBe(6000);
  });
});
