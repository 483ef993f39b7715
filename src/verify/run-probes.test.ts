import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import type { ExecRequest, ExecResult } from "../engine/engine.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { composeLabel } from "../engine/labels.js";
import type { ExecProbe, PostgresProbe, Probe, RedisProbe } from "./probe.js";
import { networkFor, runProbes } from "./run-probes.js";

const project = loadInline(`name: shop\nservices:\n  api:\n    image: node:20-bookworm-slim\n  db:\n    image: postgres:15\n    environment: { POSTGRES_USER: shopper, POSTGRES_DB: orders }\n  cache:\n    image: redis:7\n    networks: [back]\nnetworks:\n  back:\n    name: shop-backend\n`);

/** The project's services as fake containers; every exec is recorded and answered by `answer`. */
async function stack(answer: (service: string, command: readonly string[]) => Partial<ExecResult>, stopped: readonly string[] = []) {
  const execs: { service: string; request: ExecRequest }[] = [];
  const engine = new FakeEngine({ images: ["node:20-bookworm-slim", "postgres:15", "redis:7"], behave: (request) => ({ exec: (command) => answer(request.Labels?.[composeLabel.service] ?? "", command) }) });
  const exec = engine.exec.bind(engine);
  engine.exec = async (id, request) => {
    execs.push({ service: (await engine.inspectContainer(id))?.Config.Labels[composeLabel.service] ?? "", request });
    return exec(id, request);
  };
  for (const service of Object.values(project.services)) {
    const id = await engine.createContainer({ name: `shop-${service.name}-1`, Image: service.image ?? "", Env: Object.entries(service.environment ?? {}).map(([k, v]) => `${k}=${v ?? ""}`), Labels: { [composeLabel.project]: "shop", [composeLabel.service]: service.name } });
    if (!stopped.includes(service.name)) await engine.startContainer(id);
  }
  return { engine, execs };
}

const execProbe: ExecProbe = { kind: "exec", name: "api-ready", service: "api", command: ["node", "ready.js"], exitCode: 0, outputContains: ["ready"], timeoutMs: 5_000 };
const pgProbe: PostgresProbe = { kind: "postgres", name: "db-notes", service: "db", query: "SELECT id FROM notes", rows: ["1", "2"], timeoutMs: 5_000 };
const redisProbe: RedisProbe = { kind: "redis", name: "cache-ping", service: "cache", command: ["PING"], expect: "PONG", timeoutMs: 5_000 };

describe("runProbes on in-container probes (fake engine)", () => {
  it("passes each probe on the answers it expects, in the probes' order", async () => {
    const { engine } = await stack((service) => ({ api: { stdout: "ready\n" }, db: { stdout: "1\n2\n" }, cache: { stdout: "PONG\n" } })[service] ?? {});
    const evidence = await runProbes([redisProbe, execProbe, pgProbe], { engine, project });
    expect(evidence.map((e) => [e.probe, e.ok, e.summary])).toEqual([
      ["cache-ping", true, "PONG in 1 ms"],
      ["api-ready", true, "exit code 0 in 1 ms"],
      ["db-notes", true, "2 row(s) in 1 ms"],
    ]);
    expect(evidence[2]?.target).toBe("postgres db (local socket): SELECT id FROM notes");
  });

  it("says what differed: exit code, missing output, rows, a reply", async () => {
    const { engine } = await stack((service) => ({ api: { exitCode: 3, stdout: "booting\n" }, db: { stdout: "1\n" }, cache: { stdout: "LOADING\n" } })[service] ?? {});
    const evidence = await runProbes([execProbe, pgProbe, redisProbe], { engine, project });
    expect(evidence.map((e) => e.failures)).toEqual([
      ["expected exit code 0, got 3", 'expected the output to contain "ready"'],
      ['expected rows ["1","2"], got ["1"]'],
      ['expected a reply containing "PONG", got "LOADING"'],
    ]);
    expect(evidence[0]).toMatchObject({ excerpt: "booting", hint: "the command's output above shows why" });
  });

  it("reports a command that timed out rather than its exit code", async () => {
    const { engine } = await stack(() => ({ exitCode: -1, timedOut: true, stdout: "ready" }));
    const [evidence] = await runProbes([execProbe], { engine, project });
    expect(evidence?.failures).toEqual(["timed out after 5000 ms"]);
  });

  it("connects psql as the container's POSTGRES_USER locally, or with the app's URL through libpq variables", async () => {
    const { engine, execs } = await stack(() => ({ stdout: "1\n2\n" }));
    await runProbes([pgProbe, { ...pgProbe, name: "db-as-app", url: "postgres://app:s%40cret@db:5433/shop", urlSource: "services.api.environment.DATABASE_URL" }], { engine, project });
    expect(execs.map((e) => e.request.env)).toEqual([
      ["PGUSER=shopper", "PGDATABASE=orders"],
      ["PGHOST=db", "PGPORT=5433", "PGUSER=app", "PGPASSWORD=s@cret", "PGDATABASE=shop"],
    ]);
    expect(execs.every((e) => !e.request.command.join(" ").includes("s@cret"))).toBe(true);
  });

  it.each([
    ['FATAL:  password authentication failed for user "app"', "the password in services.api.environment.DATABASE_URL does not match"],
    ['FATAL:  database "shop" does not exist', "POSTGRES_DB creates it only on first start"],
    ['FATAL:  role "app" does not exist', "POSTGRES_USER creates it only on first start"],
    ['could not translate host name "dbb" to address', "not reachable from the network"],
  ])("explains psql's %j", async (stderr, hint) => {
    const { engine } = await stack(() => ({ exitCode: 2, stderr }));
    const [evidence] = await runProbes([{ ...pgProbe, urlSource: "services.api.environment.DATABASE_URL" }], { engine, project });
    expect(evidence?.failures).toEqual([`the query failed: ${stderr}`]);
    expect(evidence?.hint).toContain(hint);
  });

  it("passes the redis password in the environment and explains NOAUTH", async () => {
    const { engine, execs } = await stack(() => ({ exitCode: 0, stdout: "NOAUTH Authentication required." }));
    const [evidence] = await runProbes([{ ...redisProbe, password: "hunter2" }], { engine, project });
    expect(execs[0]?.request).toMatchObject({ command: ["redis-cli", "PING"], env: ["REDISCLI_AUTH=hunter2"] });
    expect(evidence).toMatchObject({ ok: false, hint: "redis wants a password: give the probe the one the app uses (password:)" });
  });

  it("fails a probe whose service is not running or has no container, without running anything", async () => {
    const { engine, execs } = await stack(() => ({}), ["api"]);
    const evidence = await runProbes([execProbe, { ...redisProbe, service: "queue" }], { engine, project });
    expect(evidence.map((e) => e.failures[0])).toEqual(["service api is not running (state created, exit code 0)", "service queue has no container: run berth up first"]);
    expect(execs).toEqual([]);
  });

  it("turns an engine error during a probe into a failed probe, and runs the others", async () => {
    const { engine } = await stack((service) => {
      if (service === "api") throw new Error("exec create: container is restarting");
      return { stdout: "PONG" };
    });
    const evidence = await runProbes([execProbe, redisProbe] as Probe[], { engine, project });
    expect(evidence[0]).toMatchObject({ ok: false, target: "exec api", failures: ["could not run the probe: exec create: container is restarting"] });
    expect(evidence[1]?.ok).toBe(true);
  });
});

describe("networkFor", () => {
  it("is the engine name of the addressed service's first network, else the project default", () => {
    expect(networkFor(project, "cache")).toBe("shop-backend");
    expect(networkFor(project, "api")).toBe("shop_default");
    expect(networkFor(project, "example.com")).toBe("shop_default");
  });
});
