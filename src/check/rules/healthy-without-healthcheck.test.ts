import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { healthyWithoutHealthcheck } from "./healthy-without-healthcheck.js";

const compose = (cache: string) => `services:\n  api:\n    image: node:20\n    depends_on:\n      cache: { condition: service_healthy }\n  cache:\n${cache}`;

describe("healthy-without-healthcheck", () => {
  it("fires when the dependency has no healthcheck", () => {
    expect(findingsOf(healthyWithoutHealthcheck, { compose: compose("    image: redis:7\n") })).toMatchObject([{ line: 5 }]);
  });
  it("accepts a Dockerfile HEALTHCHECK as the healthcheck", () => {
    const files = { "cache/Dockerfile": "FROM redis:7\nHEALTHCHECK CMD redis-cli ping\n" };
    expect(findingsOf(healthyWithoutHealthcheck, { compose: compose("    build: ./cache\n"), files })).toEqual([]);
  });
});
