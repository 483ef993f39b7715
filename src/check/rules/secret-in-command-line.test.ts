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

describe("secret-in-command-line from what the value is used as", () => {
  it("fires on --requirepass ${REDIS_AUTH}, though the name does not look secret", () => {
    const compose = "services:\n  cache:\n    image: redis:7\n    command: redis-server --requirepass ${REDIS_AUTH}\n";
    expect(findingsOf(secretInCommandLine, { compose, files: { ".env": "REDIS_AUTH=abcdef123\n" } })).toMatchObject([{ line: 4, message: expect.stringContaining("--requirepass") }]);
  });
  it("fires on a password in a URL on the command line", () => {
    const compose = "services:\n  worker:\n    image: python:3.12\n    command: celery -A app worker --broker amqp://app:hunter22@mq:5672//\n";
    expect(findingsOf(secretInCommandLine, { compose })).toMatchObject([{ line: 4 }]);
  });
  it("does not blame the command for the next key's ${VAR}", () => {
    const compose = "services:\n  minio:\n    image: minio/minio:RELEASE.2024-01-01T00-00-00Z\n    entrypoint: sh\n    command: -c 'mkdir -p /data/b && minio server /data'\n    environment:\n      MINIO_ROOT_PASSWORD: ${MINIO_ROOT_PASSWORD:-miniosecret}\n";
    expect(findingsOf(secretInCommandLine, { compose })).toEqual([]);
  });
});
