import { describe, expect, it } from "vitest";
import { ConfigError } from "../common/errors.js";
import { loadInline } from "../compose/testing/inline-project.js";
import { declaredProbes } from "./parse-probes.js";

const stack = (verify: string, service = "") => `
name: shop
x-berth:
  verify:
${verify}
services:
  api:
    image: node:20-bookworm-slim
    environment: { DATABASE_URL: "postgres://app:pw@db/app" }
${service}
  db:
    image: postgres:15
`;

function errorOf(yaml: string): ConfigError {
  try {
    declaredProbes(loadInline(yaml));
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("declaredProbes", () => {
  it("reads every kind, top-level and per service, with defaults and locations", () => {
    const probes = declaredProbes(
      loadInline(
        stack(
          `    - name: home
      http: { url: "http://127.0.0.1:18080/api/health", status: 200, header: { Content-Type: json }, json: { db: ok }, contains: ok, latency: 500ms }
    - websocket: { url: "ws://127.0.0.1:18080/socket.io/" }
    - tcp: { host: db, port: 5432 }
    - service: db
      postgres: { query: "SELECT count(*) FROM notes", rows: ["0"], url_from: api.DATABASE_URL }`,
          `    x-berth:
      verify:
        - exec: { command: [node, -e, "1"], exit_code: 0 }
        - redis: { command: PING }
          service: api
        - persistence: { store: file, path: /data }
          timeout: 30s`,
        ),
      ),
    );
    expect(probes.map((p) => [p.name, p.kind, p.service])).toEqual([
      ["home", "http", undefined],
      ["stack-websocket-2", "websocket", undefined],
      ["stack-tcp-3", "tcp", undefined],
      ["db-postgres-4", "postgres", "db"],
      ["api-exec-1", "exec", "api"],
      ["api-redis-2", "redis", "api"],
      ["api-persistence-3", "persistence", "api"],
    ]);
    expect(probes[0]).toMatchObject({ from: "host", method: "GET", expect: { status: [200], headers: { "content-type": "json" }, json: { db: "ok" }, bodyContains: ["ok"], maxLatencyMs: 500 } });
    expect(probes[0]?.location).toMatchObject({ line: 6 });
    expect(probes[1]).toMatchObject({ socketio: true, from: "host" });
    expect(probes[2]).toMatchObject({ from: "network", host: "db", port: 5432 });
    expect(probes[3]).toMatchObject({ url: "postgres://app:pw@db/app" });
    expect(probes[6]).toMatchObject({ store: "file", path: "/data", timeoutMs: 30_000, restart: true });
  });

  it("reads durations as compose does: Go durations, and a bare number as seconds", () => {
    const probes = declaredProbes(loadInline(stack(`    - { name: bare, tcp: { port: 1 }, timeout: 5 }\n    - { name: quoted, tcp: { port: 1 }, timeout: "2" }\n    - { name: go, tcp: { port: 1 }, timeout: 1m30s }\n    - { name: fast, http: { url: "http://api:3000/", latency: 250ms } }`)));
    expect(probes.map((probe) => probe.timeoutMs)).toEqual([5_000, 2_000, 90_000, expect.any(Number)]);
    expect(probes[3]).toMatchObject({ expect: { maxLatencyMs: 250 } });
  });

  it("returns nothing when nothing is declared", () => {
    expect(declaredProbes(loadInline("services:\n  a:\n    image: redis:7\n"))).toEqual([]);
  });

  it("locates an unknown key with the known ones as hint", () => {
    const error = errorOf(stack(`    - http: { url: "http://web/", stauts: 200 }`));
    expect(error.message).toBe("x-berth.verify[0].http.stauts: is not a known key");
    expect(error.hint).toMatch(/^known keys here: url, method/);
    expect(error.location).toMatchObject({ line: 5 });
  });

  it.each([
    [`    - http: { method: GET }`, "x-berth.verify[0].http.url: is required"],
    [`    - http: { url: "ftp://x/" }`, "x-berth.verify[0].http.url: should use http: or https:, got ftp:"],
    [`    - { http: { url: "http://a/" }, tcp: { port: 1 } }`, "x-berth.verify[0]: names 2 probe kinds"],
    [`    - smtp: { host: mail }`, "x-berth.verify[0]: names no probe kind"],
    [`    - exec: { command: [ls] }`, "x-berth.verify[0].exec: needs a service"],
    [`    - { service: db, postgres: { url_from: api.NOPE } }`, 'x-berth.verify[0].postgres.url_from: names no variable: "api.NOPE"'],
    [`    - { service: web, redis: {} }`, "probe web-redis-1: no service named web"],
    [`    - { tcp: { port: 1 }, timeout: soon }`, 'x-berth.verify[0].timeout: should be a duration such as 500ms, 2s or 1m30s (a bare number is seconds), got "soon"'],
    [`    - persistence: { store: disk }\n      service: db`, 'x-berth.verify[0].persistence.store: should be postgres, redis or file, got "disk"'],
    [`    - { name: a, tcp: { port: 1 } }\n    - { name: a, tcp: { port: 2 } }`, 'x-berth.verify: two probes are named "a"'],
  ])("refuses %s", (verify, message) => {
    expect(errorOf(stack(verify)).message).toBe(message);
  });

  it("marks gate: true probes that address their service by name, alias or hostname", () => {
    const service = `    hostname: api-host
    networks: { default: { aliases: [api-alias] } }
    x-berth:
      verify:
        - gate: true
          http: { url: "http://api:3000/api/selftest", json: { status: ok } }
        - { gate: true, tcp: { host: api-alias, port: 3000 } }
        - { gate: true, websocket: { url: "ws://api-host:3000/ws" } }
        - { gate: true, exec: { command: [test, -f, /app/ready] } }
        - { gate: false, http: { url: "http://127.0.0.1:18080/" } }`;
    const probes = declaredProbes(loadInline(stack(`    - tcp: { host: db, port: 5432 }`, service)));
    expect(probes.map((p) => [p.name, p.gate])).toEqual([
      ["stack-tcp-1", undefined],
      ["api-http-1", true],
      ["api-tcp-2", true],
      ["api-websocket-3", true],
      ["api-exec-4", true],
      ["api-http-5", undefined],
    ]);
  });

  it.each([
    [`    - { gate: yes, tcp: { host: db, port: 5432 } }`, "x-berth.verify[0].gate: should be true or false", 5],
    [`    - { gate: true, tcp: { host: db, port: 5432 } }`, "x-berth.verify[0].gate: needs a service", 5],
    [`    - { gate: true, service: db, postgres: {} }`, "x-berth.verify[0].gate: a postgres probe cannot gate a rollout", 5],
    [`    - { gate: true, service: api, http: { url: "http://127.0.0.1:18080/api" } }`, "x-berth.verify[0].http.url: should address api by name for gate: true, got 127.0.0.1", 5],
    [`    - gate: true\n      service: api\n      tcp: { host: db, port: 5432 }`, "x-berth.verify[0].tcp.host: should address api by name for gate: true, got db", 7],
  ])("refuses the gate %s with a located error", (verify, message, line) => {
    const error = errorOf(stack(verify));
    expect(error.message).toBe(message);
    expect(error.location).toMatchObject({ line });
  });
});
