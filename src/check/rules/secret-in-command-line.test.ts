import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { secretInCommandLine } from "./secret-in-command-line.js";

describe("secret-in-command-line", () => {
  it("fires on --requirepass ${REDIS_PASSWORD}", () => {
    const compose = "services:\n  cache:\n    image: redis:7\n    command: redis-server --requirepass ${REDIS_PASSWORD}\n";
    expect(findingsOf(secretInCommandLine, { compose, files: { ".env": "REDIS_PASSWORD=s3cretvalue\n" } })).toMatchObject([{ line: 4 }]);
  });
  it("fires on an interpolated secret with a default, even when the variable is unset", () => {
    const compose = "services:\n  cache:\n    image: redis:7\n    command: ['redis-server', '--requirepass', '${REDIS_PASSWORD:-lab-redis-pw}']\n";
    expect(findingsOf(secretInCommandLine, { compose })).toMatchObject([{ line: 4 }]);
  });
  it("stays quiet when the container expands it itself", () => {
    const compose = "services:\n  cache:\n    image: redis:7\n    command: sh -c 'redis-server --requirepass \"$$REDIS_PASSWORD\"'\n";
    expect(findingsOf(secretInCommandLine, { compose, files: { ".env": "REDIS_PASSWORD=s3cretvalue\n" } })).toEqual([]);
  });
});
