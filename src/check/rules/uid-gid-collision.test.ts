import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { uidGidCollision } from "./uid-gid-collision.js";

const compose = "services:\n  app:\n    build: .\n";

describe("uid-gid-collision", () => {
  it("fires on GID 20 from a build arg default", () => {
    const files = { Dockerfile: "FROM python:3.11-slim\nARG GROUP_ID=20\nRUN groupadd -g ${GROUP_ID} app && useradd -u 1001 -g app app\n" };
    expect(findingsOf(uidGidCollision, { compose, files })).toMatchObject([{ line: 3, message: expect.stringContaining("GID 20") }]);
  });
  it("resolves the ID from compose build.args", () => {
    const files = { Dockerfile: "FROM python:3.11-slim\nARG GROUP_ID=10001\nRUN groupadd -g $GROUP_ID app\n" };
    const withArgs = "services:\n  app:\n    build:\n      context: .\n      args: { GROUP_ID: '20' }\n";
    expect(findingsOf(uidGidCollision, { compose: withArgs, files })).toHaveLength(1);
  });
  it("fires on UID 1000 on node images, and stays quiet on high IDs", () => {
    const files = { Dockerfile: "FROM node:20-slim\nRUN useradd -u 1000 app\n" };
    expect(findingsOf(uidGidCollision, { compose, files })).toHaveLength(1);
    const quiet = { Dockerfile: "FROM node:20-slim\nRUN groupadd -g 10001 app && useradd -u 10001 -g app app\n" };
    expect(findingsOf(uidGidCollision, { compose, files: quiet })).toEqual([]);
  });
});
