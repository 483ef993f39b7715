import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { pgIsreadyWithoutHost } from "./pg-isready-without-host.js";

const compose = (test: string) => `services:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: ${test}\n`;

describe("pg-isready-without-host", () => {
  it("fires on pg_isready through the socket, shell and exec form", () => {
    expect(findingsOf(pgIsreadyWithoutHost, { compose: compose('["CMD-SHELL", "pg_isready -U app -d app"]') })).toMatchObject([{ line: 5, severity: "warning" }]);
    expect(findingsOf(pgIsreadyWithoutHost, { compose: compose('["CMD", "pg_isready", "-U", "postgres"]') })).toHaveLength(1);
    expect(findingsOf(pgIsreadyWithoutHost, { compose: compose('["CMD-SHELL", "pg_isready -h /var/run/postgresql"]') })).toHaveLength(1);
  });
  it("stays quiet with -h or --host", () => {
    expect(findingsOf(pgIsreadyWithoutHost, { compose: compose('["CMD-SHELL", "pg_isready -h 127.0.0.1 -U app"]') })).toEqual([]);
    expect(findingsOf(pgIsreadyWithoutHost, { compose: compose('["CMD", "pg_isready", "--host=localhost", "-U", "app"]') })).toEqual([]);
  });
  it("stays quiet on other healthchecks", () => {
    expect(findingsOf(pgIsreadyWithoutHost, { compose: compose('["CMD", "redis-cli", "ping"]') })).toEqual([]);
  });
});
