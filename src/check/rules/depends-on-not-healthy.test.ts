import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { dependsOnNotHealthy } from "./depends-on-not-healthy.js";

describe("depends-on-not-healthy", () => {
  it("fires on short depends_on to a database", () => {
    const compose = "services:\n  api:\n    image: node:20\n    depends_on: [db]\n  db:\n    image: postgres:15\n";
    expect(findingsOf(dependsOnNotHealthy, { compose })).toMatchObject([{ line: 4, message: expect.stringContaining("datastore") }]);
  });
  it("stays quiet with service_healthy, or a plain dependency", () => {
    const compose = "services:\n  api:\n    image: node:20\n    depends_on:\n      db: { condition: service_healthy }\n      worker: { condition: service_started }\n  worker:\n    image: node:20\n  db:\n    image: postgres:15\n    healthcheck: { test: pg_isready }\n";
    expect(findingsOf(dependsOnNotHealthy, { compose })).toEqual([]);
  });
});

describe("depends-on-not-healthy: what the dependency is", () => {
  it("names a dependency with its own healthcheck, at the depends_on entry, with the fix to write", () => {
    const compose = "services:\n  web:\n    image: nginx:1.22\n    depends_on:\n      api: { condition: service_started }\n  api:\n    image: node:20\n    healthcheck: { test: [CMD, node, hc.js] }\n";
    expect(findingsOf(dependsOnNotHealthy, { compose })).toEqual([
      expect.objectContaining({ line: 5, severity: expect.any(String), message: '"web" waits only for "api" to start, though "api" has a healthcheck', hint: "use `depends_on: { api: { condition: service_healthy } }`" }),
    ]);
  });

  it("calls a datastore with a healthcheck by its healthcheck, and fires once per waiting service", () => {
    const compose = "services:\n  api:\n    image: node:20\n    depends_on: [cache]\n  worker:\n    image: node:20\n    depends_on: [cache]\n  cache:\n    image: redis:7\n    healthcheck: { test: [CMD, redis-cli, ping] }\n";
    expect(findingsOf(dependsOnNotHealthy, { compose }).map((finding) => [finding.line, finding.message])).toEqual([
      [4, '"api" waits only for "cache" to start, though "cache" has a healthcheck'],
      [7, '"worker" waits only for "cache" to start, though "cache" has a healthcheck'],
    ]);
  });

  it("stays quiet on service_completed_successfully (a migration job) and on a dependency on a plain app", () => {
    const compose = "services:\n  api:\n    image: node:20\n    depends_on:\n      migrate: { condition: service_completed_successfully }\n      worker: { condition: service_started }\n  migrate:\n    image: postgres:15\n  worker:\n    image: node:20\n";
    expect(findingsOf(dependsOnNotHealthy, { compose })).toEqual([]);
  });
});
