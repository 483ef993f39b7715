import { describe, expect, it } from "vitest";
import type { ContainerDetails } from "../engine-port.js";
import { classifyFailure } from "./classify.js";
import { lastExitCode } from "./crash-loop.js";
import type { Peer, ServiceEvidence } from "./diagnosis.js";
import { editDistance } from "../../common/edit-distance.js";
import { suggestService } from "./host-not-found.js";
import { missingVariable } from "./missing-env.js";
import { staleVolume } from "./stale-credentials.js";
import { isStuckWaiting } from "./stuck-waiting.js";

function inspect(env: string[] = [], restarts = 3): ContainerDetails {
  return {
    Id: "c1",
    Name: "/shop-web1-1",
    Image: "sha256:1",
    RestartCount: restarts,
    State: { Status: "restarting", Running: true, Paused: false, Restarting: true, OOMKilled: false, Dead: false, Pid: 0, ExitCode: 0, Error: "", StartedAt: "", FinishedAt: "" },
    Config: { Image: "shop-web1", WorkingDir: "/app", User: "", Env: ["PATH=/usr/bin", ...env], Cmd: ["node", "server.js"], Entrypoint: null, Labels: {} },
    Created: "2026-12-07T17:00:00Z",
    HostConfig: {},
    NetworkSettings: { Networks: {} },
    Mounts: [],
  };
}

const peer = (service: string, image: string, extra: Partial<Peer> = {}): Peer => ({ service, image, state: "running", health: "none", aliases: [], addresses: [], ...extra });
const peers = [peer("cache", "redis:7", { addresses: ["172.18.0.3"] }), peer("web2", "shop-web2"), peer("nginx", "nginx:1.22")];
const looping = (logTail: string, extra: Partial<ServiceEvidence> = {}): ServiceEvidence => ({
  service: "web1",
  phase: "gate",
  gate: { kind: "started-stable", reason: "crash-loop", detail: "restarted 3 times" },
  inspect: inspect(),
  logTail,
  peers,
  events: ["start", "die (exit 1)", "restart", "die (exit 1)"],
  ...extra,
});
const first = (evidence: ServiceEvidence) => classifyFailure(evidence)[0];

describe("host-not-found", () => {
  const enotfound = "Error: getaddrinfo ENOTFOUND redis\n    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:107:26)\n";

  it("headlines a Node crash loop on a renamed host with the service running that image", () => {
    const d = first(looping(enotfound));
    expect(d?.code).toBe("host-not-found");
    expect(d?.message).toBe("web1 cannot resolve host redis: host not found; did you mean `cache`?");
    expect(d?.evidence).toMatchObject({ host: "redis", suggestion: "cache", line: "Error: getaddrinfo ENOTFOUND redis" });
    expect(classifyFailure(looping(enotfound)).map((x) => x.code)).toContain("crash-loop");
  });

  it("suggests a service whose name is one typo away, and nothing for a far name", () => {
    expect(suggestService("postgress", [peer("postgres", "postgres:15")])).toBe("postgres");
    expect(suggestService("db", [peer("cache", "redis:7")])).toBeUndefined();
    expect(editDistance("redis", "cache")).toBe(5);
  });

  it("reads psycopg, redis-py and Go resolver messages", () => {
    expect(first(looping('psycopg2.OperationalError: could not translate host name "database" to address: Name or service not known'))?.evidence).toMatchObject({ host: "database" });
    expect(first(looping("redis.exceptions.ConnectionError: Error -2 connecting to redis:6379. Name or service not known."))?.message).toMatch(/did you mean `cache`/);
    expect(first(looping("dial tcp: lookup rediss on 127.0.0.11:53: no such host"))?.evidence).toMatchObject({ host: "rediss", suggestion: null });
  });

  it("does not suggest for a name that is already a service", () => {
    expect(first(looping("getaddrinfo EAI_AGAIN cache"))?.message).toBe("web1 cannot resolve host cache: host not found");
  });
});

describe("connection-refused", () => {
  it("maps the address to the service and says whether it is ready", () => {
    const d = first(looping("Error: connect ECONNREFUSED 172.18.0.3:6379"));
    expect(d).toMatchObject({ code: "connection-refused", evidence: { service: "cache", target: "172.18.0.3:6379", serviceState: "cache is running (no healthcheck)" } });
  });

  it("reads libpq's message", () => {
    const line = 'connection to server at "cache" (172.18.0.3), port 5432 failed: Connection refused';
    expect(first(looping(line))?.evidence).toMatchObject({ service: "cache", target: "cache:5432" });
  });
});

describe("missing-env and missing-setting", () => {
  it("never takes a log level, a protocol or an error type for a variable", () => {
    for (const line of [
      "ERROR: TypeError: Cannot read properties of undefined (reading 'port')",
      "INFO server undefined behaviour is not set up",
      "HTTP server: undefined route",
      "ERROR config is missing",
    ]) {
      expect(missingVariable(line)).toBeUndefined();
      expect(classifyFailure(looping(line)).map((d) => d.code)).not.toContain("missing-env");
    }
  });

  it("names the variable a message names", () => {
    expect(missingVariable("Error: DATABASE_URL is not set")?.name).toBe("DATABASE_URL");
    expect(missingVariable("missing environment variable: API_TOKEN")?.name).toBe("API_TOKEN");
    expect(missingVariable("    raise KeyError(key) from None\nKeyError: 'REDIS_URL'")?.name).toBe("REDIS_URL");
    expect(missingVariable("environment variable 'JWT_SECRET' is required")?.name).toBe("JWT_SECRET");
  });

  it("headlines Django's empty SECRET_KEY with the variable that feeds it", () => {
    const log = "Traceback (most recent call last):\ndjango.core.exceptions.ImproperlyConfigured: The SECRET_KEY setting must not be empty.\n";
    const d = first(looping(log, { inspect: inspect(["DJANGO_SECRET_KEY="]) }));
    expect(d).toMatchObject({ code: "missing-setting", evidence: { setting: "SECRET_KEY", inContainer: "DJANGO_SECRET_KEY is empty" } });
    expect(d?.hint).toContain("DJANGO_SECRET_KEY");
  });
});

describe("module, address, auth", () => {
  it("names a missing module", () => {
    expect(first(looping("ModuleNotFoundError: No module named 'health_check'"))).toMatchObject({ code: "module-not-found", evidence: { missing: "health_check" } });
    expect(first(looping("Error: Cannot find module '/app/server.js'"))?.evidence).toMatchObject({ missing: "/app/server.js" });
  });

  it("tells an in-container address in use from a host port", () => {
    expect(first(looping("Error: listen EADDRINUSE: address already in use :::3000"))).toMatchObject({ code: "address-in-use", evidence: { port: 3000 } });
  });

  it("says the database refused the app's user", () => {
    expect(first(looping('FATAL:  password authentication failed for user "shop"'))).toMatchObject({ code: "db-auth-failed", evidence: { user: "shop" } });
  });
});

describe("stale-credentials", () => {
  const log = 'error: password authentication failed for user "shop"';
  const db = (volumeCreatedAt: string, logTail = "") => peer("db", "postgres:15", { createdAt: "2026-12-07T17:00:00Z", volumes: [{ name: "shop_pgdata", destination: "/var/lib/postgresql/data", createdAt: volumeCreatedAt }], logTail });

  it("blames a data volume created before the database container", () => {
    const d = first(looping(log, { peers: [db("2026-12-01T09:00:00Z")] }));
    expect(d).toMatchObject({ code: "stale-credentials", evidence: { volume: "shop_pgdata", volumeCreatedAt: "2026-12-01T09:00:00Z" } });
    expect(d?.hint).toContain("ALTER USER shop");
  });

  it("believes Postgres saying it skipped initialisation", () => {
    const skipped = "PostgreSQL Database directory appears to contain a database; Skipping initialization\n";
    expect(staleVolume(db("2026-12-07T17:00:00Z", skipped))?.why).toMatch(/Skipping initialization/);
  });

  it("is only db-auth-failed for a volume made with the container", () => {
    const codes = classifyFailure(looping(log, { peers: [db("2026-12-07T16:59:59Z")] })).map((d) => d.code);
    expect(codes[0]).toBe("db-auth-failed");
    expect(codes).not.toContain("stale-credentials");
  });
});

describe("stuck-waiting and exit codes", () => {
  it("sees a log that only waits", () => {
    expect(isStuckWaiting("starting\nWaiting for db...\nWaiting for db...\nWaiting for db...\n")).toBe(true);
    expect(isStuckWaiting("Waiting for db...\nWaiting for db...\nWaiting for db...\nlistening on 3000\n")).toBe(false);
    expect(isStuckWaiting("Waiting for db...\n")).toBe(false);
  });

  it("takes a crash loop's exit code from the die event, not a state caught between runs", () => {
    expect(lastExitCode(["start", "die (exit 1)", "restart"])).toBe(1);
    expect(lastExitCode([])).toBeUndefined();
    const d = classifyFailure(looping("boom")).find((x) => x.code === "crash-loop");
    expect(d?.evidence).toMatchObject({ exitCode: 1 });
  });
});

describe("permission-denied on a file lent by the host", () => {
  it("names the bind mount and the chmod", () => {
    const details = { ...inspect(), Mounts: [{ Type: "bind", Source: "/srv/shop/initdb", Destination: "/docker-entrypoint-initdb.d", RW: false }] };
    const d = first(looping("psql: error: /docker-entrypoint-initdb.d/init.sql: Permission denied", { inspect: details, peers: [] }));
    expect(d).toMatchObject({ code: "permission-denied", evidence: { bindMount: "/srv/shop/initdb at /docker-entrypoint-initdb.d (read-only)" } });
    expect(d?.hint).toContain("chmod 644");
  });
});
