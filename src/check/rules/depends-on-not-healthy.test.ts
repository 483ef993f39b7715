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
