import { describe, expect, it } from "vitest";
import { authFailure, dbAuthFailed } from "./db-auth-failed.js";
import type { Peer, ServiceEvidence } from "./diagnosis.js";
import { staleCredentials, staleVolume } from "./stale-credentials.js";

// Refusals as the clients of each database print them in the app's log.
describe("authFailure", () => {
  it.each([
    ['psycopg2.OperationalError: connection to server at "db" (172.18.0.2), port 5432 failed: FATAL:  password authentication failed for user "app"', "app"],
    ["error: password authentication failed for user \"shop\"", "shop"],
    ["ERROR 1045 (28000): Access denied for user 'root'@'172.18.0.3' (using password: YES)", "root"],
    ["Error: ER_ACCESS_DENIED_ERROR: Access denied for user 'wp'@'10.0.0.4' (using password: YES)", "wp"],
    ['FATAL:  role "shop" does not exist', "shop"],
    ["MongoServerError: Authentication failed.", undefined],
    ["ReplyError: WRONGPASS invalid username-password pair or user is disabled.", undefined],
    ["ReplyError: NOAUTH Authentication required.", undefined],
  ])("%j refuses user %s", (line, user) => {
    const failure = authFailure(`connecting...\n${line}\nexiting`);
    expect(failure?.line).toBe(line);
    expect(failure?.user).toBe(user);
  });

  it("finds nothing in a log without a refusal", () => {
    expect(authFailure("listening on :3000\nGET /health 200")).toBeUndefined();
    expect(authFailure(undefined)).toBeUndefined();
  });
});

describe("dbAuthFailed", () => {
  it("names the refused user and says where the two passwords must agree", () => {
    const diagnosis = dbAuthFailed({ service: "api", phase: "gate", logTail: 'FATAL:  password authentication failed for user "app"' });
    expect(diagnosis).toMatchObject({ code: "db-auth-failed", message: "api was refused by its database (user app): authentication failed", evidence: { user: "app" } });
    expect(diagnosis?.hint).toContain("POSTGRES_USER/POSTGRES_PASSWORD");
  });

  it("says so without a user when the message names none", () => {
    expect(dbAuthFailed({ service: "worker", phase: "start", logTail: "ReplyError: WRONGPASS invalid username-password pair" })).toMatchObject({ message: "worker was refused by its database: authentication failed", evidence: { user: null } });
  });
});

const peer = (fields: Partial<Peer>): Peer => ({ service: "db", image: "postgres:15", state: "running", health: "healthy", aliases: ["db"], addresses: ["172.18.0.2"], ...fields });
const refused: ServiceEvidence = { service: "api", phase: "gate", logTail: 'FATAL:  password authentication failed for user "app"' };

describe("staleVolume and staleCredentials", () => {
  const volume = (createdAt: string | null) => [{ name: "shop_pgdata", destination: "/var/lib/postgresql/data", createdAt }];

  it("finds a data volume created well before the datastore's container", () => {
    expect(staleVolume(peer({ createdAt: "2026-12-07T10:00:00Z", volumes: volume("2026-12-01T09:00:00Z") }))).toMatchObject({ name: "shop_pgdata", createdAt: "2026-12-01T09:00:00Z", why: "the volume was created before the db container (2026-12-07T10:00:00Z)" });
  });

  it("does not call a volume created with its container (within seconds) stale", () => {
    expect(staleVolume(peer({ createdAt: "2026-12-07T10:00:03Z", volumes: volume("2026-12-07T10:00:00Z") }))).toBeUndefined();
  });

  it("trusts the datastore's own words when the dates are unknown", () => {
    const found = staleVolume(peer({ volumes: volume(null), logTail: "PostgreSQL Database directory appears to contain a database; Skipping initialization" }));
    expect(found).toMatchObject({ name: "shop_pgdata", createdAt: "unknown" });
    expect(found?.why).toContain("db logged: PostgreSQL Database directory appears to contain a database");
  });

  it("blames a stale postgres, mysql or mongo volume for a refused password, never a cache's", () => {
    const old = { createdAt: "2026-12-07T10:00:00Z", volumes: volume("2026-12-01T09:00:00Z") };
    expect(staleCredentials({ ...refused, peers: [peer(old)] })?.code).toBe("stale-credentials");
    expect(staleCredentials({ ...refused, peers: [peer({ ...old, image: "mysql:8" })] })?.code).toBe("stale-credentials");
    expect(staleCredentials({ ...refused, peers: [peer({ ...old, image: "redis:7", service: "cache" })] })).toBeUndefined();
  });

  it("says which volume, when it was made, and the ways out, data loss named", () => {
    const diagnosis = staleCredentials({ ...refused, peers: [peer({ createdAt: "2026-12-07T10:00:00Z", volumes: volume("2026-12-01T09:00:00Z") })] });
    expect(diagnosis?.message).toBe("db refuses api's password for app: its data volume shop_pgdata was initialised before (created 2026-12-01T09:00:00Z), so the password the project sets now was never applied");
    expect(diagnosis?.hint).toContain("ALTER USER app WITH PASSWORD");
    expect(diagnosis?.hint).toContain("this deletes shop_pgdata's data");
  });

  it("stays silent without a refusal in the app's log", () => {
    expect(staleCredentials({ service: "api", phase: "gate", logTail: "ok", peers: [peer({ createdAt: "2026-12-07T10:00:00Z", volumes: volume("2026-12-01T09:00:00Z") })] })).toBeUndefined();
  });
});
