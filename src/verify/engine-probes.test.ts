import { describe, expect, it } from "vitest";
import type { ExecRequest, ExecResult } from "../engine/engine.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { composeLabel } from "../engine/labels.js";
import { runExecProbe } from "./exec-probe.js";
import { psqlEnvironment, runPostgresProbe } from "./postgres-probe.js";
import type { ExecProbe, PostgresProbe, RedisProbe } from "./probe.js";
import { runRedisProbe } from "./redis-probe.js";
import { findServiceContainer } from "./service-container.js";

/**
 * The probes that act inside a service's container, on an in-memory engine: the container they
 * pick, the command and environment they send, and how the reply becomes evidence.
 */
async function stack(answer: (command: readonly string[]) => Partial<ExecResult>, env: readonly string[] = []) {
  const sent: ExecRequest[] = [];
  const engine = new FakeEngine({ images: ["postgres:15"], behave: () => ({ exec: answer }) });
  const exec = engine.exec.bind(engine);
  engine.exec = async (id, request) => (sent.push(request), exec(id, request));
  const add = async (name: string, service: string, { running = true, oneoff = false } = {}) => {
    const id = await engine.createContainer({ name, Image: "postgres:15", Env: [...env], Labels: { [composeLabel.project]: "shop", [composeLabel.service]: service, ...(oneoff ? { [composeLabel.oneoff]: "True" } : {}) } });
    if (running) await engine.startContainer(id);
    return id;
  };
  return { engine, sent, add, context: { engine, projectName: "shop" } };
}

const base = { timeoutMs: 5_000 };
const pg = (over: Partial<PostgresProbe> = {}): PostgresProbe => ({ ...base, name: "db-query", kind: "postgres", service: "db", query: "SELECT 1", ...over });
const redis = (over: Partial<RedisProbe> = {}): RedisProbe => ({ ...base, name: "cache-ping", kind: "redis", service: "cache", command: ["ping"], expect: "PONG", ...over });
const exec = (over: Partial<ExecProbe> = {}): ExecProbe => ({ ...base, name: "api-check", kind: "exec", service: "api", command: ["node", "check.js"], exitCode: 0, outputContains: [], ...over });

describe("findServiceContainer", () => {
  it("prefers a running replica, ignores one-off runs, and finds nothing for a service without containers", async () => {
    const { add, context } = await stack(() => ({}));
    await add("shop-db-1", "db", { running: false });
    const running = await add("shop-db-2", "db");
    await add("shop-db-run-1", "db", { oneoff: true });
    expect((await findServiceContainer(context, "db"))?.Id).toBe(running);
    expect(await findServiceContainer(context, "cache")).toBeUndefined();
  });
});

describe("runPostgresProbe", () => {
  it("passes with the row count, connecting as the container's POSTGRES_USER to its POSTGRES_DB", async () => {
    const { add, context, sent } = await stack(() => ({ stdout: "1\n", output: "1\n", durationMs: 7 }), ["POSTGRES_USER=shopper", "POSTGRES_DB=orders"]);
    await add("shop-db-1", "db");
    const evidence = await runPostgresProbe(pg(), context);
    expect(evidence).toMatchObject({ ok: true, probe: "db-query", kind: "postgres", service: "db", target: "postgres db (local socket): SELECT 1", summary: "1 row(s) in 7 ms", facts: { rows: 1, durationMs: 7 }, excerpt: "1" });
    expect(sent[0]).toMatchObject({ command: ["psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", "SELECT 1"], env: ["PGUSER=shopper", "PGDATABASE=orders"] });
  });

  it("fails on other rows than expected, quoting both", async () => {
    const { add, context } = await stack(() => ({ stdout: "2\n" }));
    await add("shop-db-1", "db");
    const evidence = await runPostgresProbe(pg({ query: "SELECT count(*) FROM notes", rows: ["3"] }), context);
    expect(evidence).toMatchObject({ ok: false, summary: 'expected rows ["3"], got ["2"]' });
  });

  it.each([
    ['FATAL:  password authentication failed for user "app"', "the password in services.api.environment.DATABASE_URL does not match the database's"],
    ['FATAL:  database "shop" does not exist', "the database does not exist: POSTGRES_DB creates it only on first start of an empty volume"],
    ['FATAL:  role "app" does not exist', "the user does not exist: POSTGRES_USER creates it only on first start of an empty volume"],
    ['psql: error: could not translate host name "db" to address', "the database host in the URL is not reachable from the network"],
  ])("turns %j into a hint a user can act on", async (stderr, hint) => {
    const { add, context } = await stack(() => ({ exitCode: 2, stderr, output: stderr }));
    await add("shop-db-1", "db");
    const evidence = await runPostgresProbe(pg({ url: "postgres://app:pw@db:5432/shop", urlSource: "services.api.environment.DATABASE_URL" }), context);
    expect(evidence.ok).toBe(false);
    expect(evidence.summary).toBe(`the query failed: ${stderr}`);
    expect(evidence.hint).toContain(hint);
  });

  it("says the service is not running, or has no container, without asking the engine to exec", async () => {
    const { add, context, sent } = await stack(() => ({}));
    expect((await runPostgresProbe(pg(), context)).summary).toBe("service db has no container: run berth up first");
    await add("shop-db-1", "db", { running: false });
    expect((await runPostgresProbe(pg(), context)).summary).toBe("service db is not running (state created, exit code 0)");
    expect(sent).toEqual([]);
  });
});

describe("psqlEnvironment", () => {
  const details = { Config: { Env: ["POSTGRES_USER=owner"] } } as never;

  it("takes host, port, user, password and database from a URL, decoded, and leaves out what it lacks", () => {
    expect(psqlEnvironment({ url: "postgres://app%40corp:p%3Ass@db/orders" }, details)).toEqual(["PGHOST=db", "PGPORT=5432", "PGUSER=app@corp", "PGPASSWORD=p:ss", "PGDATABASE=orders"]);
    expect(psqlEnvironment({ url: "postgres://app@db:6543" }, details)).toEqual(["PGHOST=db", "PGPORT=6543", "PGUSER=app", "PGDATABASE=app"]);
  });

  it("uses the probe's user and database over the container's, and the user as the database by default", () => {
    expect(psqlEnvironment({ user: "reader", database: "stats" }, details)).toEqual(["PGUSER=reader", "PGDATABASE=stats"]);
    expect(psqlEnvironment({}, details)).toEqual(["PGUSER=owner", "PGDATABASE=owner"]);
  });
});

describe("runRedisProbe", () => {
  it("passes when the reply contains what is expected, the password in REDISCLI_AUTH and never on the command line", async () => {
    const { add, context, sent } = await stack(() => ({ output: "PONG\n", durationMs: 2 }));
    await add("shop-cache-1", "cache");
    const evidence = await runRedisProbe(redis({ password: "s3cret" }), context);
    expect(evidence).toMatchObject({ ok: true, target: "redis cache: ping", summary: "PONG in 2 ms" });
    expect(sent[0]).toMatchObject({ command: ["redis-cli", "ping"], env: ["REDISCLI_AUTH=s3cret"] });
    expect(JSON.stringify(evidence)).not.toContain("s3cret");
  });

  it("fails on another reply, and hints at the password when redis asks for one", async () => {
    const { add, context } = await stack(() => ({ output: "NOAUTH Authentication required.\n" }));
    await add("shop-cache-1", "cache");
    const evidence = await runRedisProbe(redis(), context);
    expect(evidence.summary).toBe('expected a reply containing "PONG", got "NOAUTH Authentication required."');
    expect(evidence.hint).toBe("redis wants a password: give the probe the one the app uses (password:)");
  });

  it("fails when redis-cli exits non-zero even if the text matches", async () => {
    const { add, context } = await stack(() => ({ exitCode: 1, output: "PONG?\n" }));
    await add("shop-cache-1", "cache");
    expect((await runRedisProbe(redis(), context)).ok).toBe(false);
  });
});

describe("runExecProbe", () => {
  it("passes on the expected exit code and output, and runs in a given container when told", async () => {
    const { add, context, sent } = await stack((command) => ({ exitCode: command.includes("--fail") ? 4 : 0, output: "schema ok\n", durationMs: 3 }));
    await add("shop-api-1", "api");
    const candidate = await add("shop-api-new", "api-candidate");
    expect(await runExecProbe(exec({ outputContains: ["schema ok"] }), context)).toMatchObject({ ok: true, target: "exec in api: node check.js", summary: "exit code 0 in 3 ms" });
    expect((await runExecProbe(exec({ command: ["node", "check.js", "--fail"], exitCode: 4 }), context, candidate)).ok).toBe(true);
    expect(sent).toHaveLength(2);
  });

  it("lists every failure: the exit code and each missing text, with the output as excerpt and a hint", async () => {
    const { add, context } = await stack(() => ({ exitCode: 1, output: "Error: relation missing\n" }));
    await add("shop-api-1", "api");
    const evidence = await runExecProbe(exec({ outputContains: ["schema ok", "ready"] }), context);
    expect(evidence.failures).toEqual(["expected exit code 0, got 1", 'expected the output to contain "schema ok"', 'expected the output to contain "ready"']);
    expect(evidence).toMatchObject({ excerpt: "Error: relation missing", hint: "the command's output above shows why" });
  });

  it("says it timed out rather than quoting an exit code", async () => {
    const { add, context } = await stack(() => ({ exitCode: -1, timedOut: true }));
    await add("shop-api-1", "api");
    expect((await runExecProbe(exec({ timeoutMs: 2_000 }), context)).failures).toEqual(["timed out after 2000 ms"]);
  });
});
