import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { healthcheckAuthMissing } from "./healthcheck-auth-missing.js";

const compose = (test: string) => `services:\n  cache:\n    image: redis:7\n    command: redis-server --requirepass hunter22hunter\n    healthcheck:\n      test: ${test}\n`;

describe("healthcheck-auth-missing", () => {
  it("fires on an unauthenticated INCR check", () => {
    expect(findingsOf(healthcheckAuthMissing, { compose: compose('["CMD", "redis-cli", "--raw", "incr", "ping"]') }).map((finding) => finding.message)).toEqual([
      'redis "cache" requires a password, but its healthcheck does not authenticate (and 1 more at this place: healthcheck of "cache" writes to redis)',
    ]);
  });
  it("accepts REDISCLI_AUTH from the service environment", () => {
    const compose = "services:\n  cache:\n    image: redis:7\n    command: redis-server --requirepass hunter22hunter\n    environment:\n      REDISCLI_AUTH: hunter22hunter\n    healthcheck:\n      test: redis-cli ping | grep -q PONG\n";
    expect(findingsOf(healthcheckAuthMissing, { compose })).toEqual([]);
  });
  it("stays quiet on an authenticated ping", () => {
    expect(findingsOf(healthcheckAuthMissing, { compose: compose("REDISCLI_AUTH=$$REDIS_PASSWORD redis-cli ping | grep -q PONG") })).toEqual([]);
  });
});
