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

describe("uid-gid-collision: the forms of user creation", () => {
  const check = (dockerfile: string) => findingsOf(uidGidCollision, { compose, files: { Dockerfile: dockerfile } });
  it("reads alpine's addgroup/adduser and --uid=, one finding for the RUN naming both", () => {
    expect(check("FROM python:3.11-alpine\nRUN addgroup -g 50 app && adduser --uid=10 -G app -D app\n").map((finding) => finding.message)).toEqual([
      "addgroup uses GID 50, which already exists in python:3.11-alpine (and 1 more at this place: adduser uses UID 10, which already exists in python:3.11-alpine)",
    ]);
  });
  it("reads a global ARG default declared before FROM", () => {
    expect(check("ARG UID=1000\nFROM node:20-slim\nRUN useradd -u ${UID} app\n")).toMatchObject([{ line: 3, message: "useradd uses UID 1000, which already exists in node:20-slim" }]);
  });
  it.each([
    ["--non-unique", "FROM node:20-slim\nRUN useradd -o -u 1000 app\n"],
    ["UID 1000 on a non-node image", "FROM python:3.11-slim\nRUN useradd -u 1000 app\n"],
    ["an ARG without a default", "FROM python:3.11-slim\nARG GID\nRUN groupadd -g $GID app\n"],
  ])("stays quiet with %s", (_name, dockerfile) => {
    expect(check(dockerfile)).toEqual([]);
  });
});
