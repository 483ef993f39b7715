import { describe, expect, it } from "vitest";
import { connectionRefused, peerOf } from "./connection-refused.js";
import type { Peer } from "./diagnosis.js";
import { hostNotFound, suggestService } from "./host-not-found.js";

const peer = (service: string, image: string, fields: Partial<Peer> = {}): Peer => ({ service, image, state: "running", health: "healthy", aliases: [service], addresses: [], ...fields });
const peers = [peer("db", "postgres:15", { addresses: ["172.18.0.2"] }), peer("cache", "docker.io/library/redis:7-alpine", { addresses: ["172.18.0.3"] }), peer("api", "shop/api:2")];

describe("hostNotFound, as resolvers and clients word it", () => {
  it.each([
    ["Error: getaddrinfo ENOTFOUND postgres", "postgres"],
    ["Error: getaddrinfo EAI_AGAIN redis", "redis"],
    ['psycopg2.OperationalError: could not translate host name "database" to address: Name or service not known', "database"],
    ["curl: (6) Could not resolve host: apii", "apii"],
    ["java.net.UnknownHostException: dbb", "dbb"],
    ["redis.exceptions.ConnectionError: Error -2 connecting to redis:6379. Name or service not known.", "redis"],
    ["dial tcp: lookup kafka on 127.0.0.11:53: no such host", "kafka"],
  ])("%j names host %s", (line, host) => {
    expect(hostNotFound({ service: "web", phase: "gate", logTail: line, peers })?.evidence["host"]).toBe(host);
  });

  it("suggests the service running the image the name is, or the one spelled closest", () => {
    expect(hostNotFound({ service: "web", phase: "gate", logTail: "Error: getaddrinfo ENOTFOUND redis", peers })?.message).toBe("web cannot resolve host redis: host not found; did you mean `cache`?");
    expect(hostNotFound({ service: "web", phase: "gate", logTail: "Error: getaddrinfo ENOTFOUND dbb", peers })?.evidence["suggestion"]).toBe("db");
    expect(hostNotFound({ service: "web", phase: "gate", logTail: "Error: getaddrinfo ENOTFOUND postgres", peers })?.hint).toContain("add `aliases: [postgres]` to db's network");
  });

  it("says a known service was not resolvable rather than suggesting itself", () => {
    const diagnosis = hostNotFound({ service: "web", phase: "gate", logTail: "Error: getaddrinfo ENOTFOUND db", peers });
    expect(diagnosis?.evidence["suggestion"]).toBeNull();
    expect(diagnosis?.hint).toBe("db is a service of the project but was not resolvable: is it on a network shared with web, and running?");
  });

  it("reports a resolver failure that names no host, listing the services to use", () => {
    const diagnosis = hostNotFound({ service: "web", phase: "gate", logTail: "socket.gaierror: [Errno -3] Temporary failure in name resolution", peers });
    expect(diagnosis?.message).toBe("web cannot resolve a host name: host not found");
    expect(diagnosis?.hint).toContain("(db, cache, api)");
  });

  it("stays silent on a log without a resolver failure", () => {
    expect(hostNotFound({ service: "web", phase: "gate", logTail: "listening on 3000", peers })).toBeUndefined();
  });
});

describe("suggestService", () => {
  it("ignores names too far off, and prefers the closest", () => {
    expect(suggestService("zookeeper", peers)).toBeUndefined();
    expect(suggestService("cach", peers)).toBe("cache");
    expect(suggestService("REDIS", peers)).toBe("cache");
  });
});

describe("connectionRefused", () => {
  it("names the service behind an address or name, with its readiness", () => {
    expect(connectionRefused({ service: "web", phase: "gate", logTail: "Error: connect ECONNREFUSED 172.18.0.3:6379", peers })?.message).toBe("web was refused a connection to cache:6379 (cache is running and healthy)");
    const starting = [peer("db", "postgres:15", { health: "starting" })];
    const diagnosis = connectionRefused({ service: "web", phase: "gate", logTail: 'connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused', peers: starting });
    expect(diagnosis?.message).toBe("web was refused a connection to db:5432 (db is running and starting)");
    expect(diagnosis?.hint).toContain("condition: service_healthy");
  });

  it("points at the port when the service is ready but does not listen there", () => {
    expect(connectionRefused({ service: "web", phase: "gate", logTail: "Error 111 connecting to cache:6380. Connection refused.", peers })?.hint).toContain("cache does not listen on 6380");
  });

  it("names an outside target as it is, and a refusal without one as a server", () => {
    expect(connectionRefused({ service: "web", phase: "gate", logTail: "connect ECONNREFUSED 10.1.2.3:443", peers })?.message).toBe("web was refused a connection to 10.1.2.3:443");
    expect(connectionRefused({ service: "web", phase: "gate", logTail: "Connection refused", peers })?.message).toBe("web was refused a connection to a server");
  });

  it("finds a peer by service, alias or address", () => {
    expect([peerOf("db", peers)?.service, peerOf("172.18.0.3", peers)?.service, peerOf("nope", peers)]).toEqual(["db", "cache", undefined]);
  });
});
