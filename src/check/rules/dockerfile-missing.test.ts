import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { dockerfileMissing } from "./dockerfile-missing.js";

const compose = "services:\n  api:\n    build:\n      context: ./services\n      dockerfile: Dockerfile\n";

describe("dockerfile-missing", () => {
  it("fires when the Dockerfile is not where the context says", () => {
    expect(findingsOf(dockerfileMissing, { compose, files: { "services/api/Dockerfile": "FROM node:20\n" } })).toMatchObject([{ message: expect.stringContaining('Dockerfile "services/Dockerfile"') }]);
  });
  it("stays quiet when it exists", () => {
    expect(findingsOf(dockerfileMissing, { compose, files: { "services/Dockerfile": "FROM node:20\n" } })).toEqual([]);
  });
});

describe("dockerfile-missing: the context, the default name and remote builds", () => {
  it("names a missing build context rather than its Dockerfile, at the build key", () => {
    expect(findingsOf(dockerfileMissing, { compose: "services:\n  api:\n    build: ./backend\n" })).toMatchObject([
      { line: 3, severity: "error", message: 'build context "backend" of "api" does not exist', hint: "build.dockerfile is relative to build.context; fix the path" },
    ]);
  });

  it("looks for the default Dockerfile in the context when none is named", () => {
    const compose = "services:\n  api:\n    build: ./backend\n";
    expect(findingsOf(dockerfileMissing, { compose, files: { "backend/server.js": "" } })).toMatchObject([{ message: 'Dockerfile "backend/Dockerfile" of "api" does not exist' }]);
    expect(findingsOf(dockerfileMissing, { compose, files: { "backend/Dockerfile": "FROM node:20\n" } })).toEqual([]);
  });

  it("does not look on disk for a build from a git URL", () => {
    expect(findingsOf(dockerfileMissing, { compose: "services:\n  api:\n    build: https://github.com/example/api.git#main\n" })).toEqual([]);
  });

  it("stays quiet for an inline dockerfile and an image-only service", () => {
    expect(findingsOf(dockerfileMissing, { compose: "services:\n  api:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM node:20\n" })).toEqual([]);
    expect(findingsOf(dockerfileMissing, { compose: "services:\n  api:\n    image: node:20\n" })).toEqual([]);
  });
});
