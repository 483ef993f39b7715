import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { cmdTargetMissing } from "./cmd-target-missing.js";

const compose = "services:\n  api:\n    build: .\n";

describe("cmd-target-missing", () => {
  it("fires when CMD names a file that no COPY provides", () => {
    const files = { Dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCOPY src ./src\nCMD ["node", "server.js"]\n', "src/server.js": "" };
    expect(findingsOf(cmdTargetMissing, { compose, files })).toMatchObject([{ line: 4, message: expect.stringContaining("/app/server.js") }]);
  });
  it("stays quiet when a bind mount provides the folder at run time", () => {
    const mounted = "services:\n  api:\n    build: .\n    volumes: ['./src:/app']\n";
    const files = { Dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCMD ["node", "server.js"]\n' };
    expect(findingsOf(cmdTargetMissing, { compose: mounted, files })).toEqual([]);
  });
  it("stays quiet when COPY provides it, or a build step may produce it", () => {
    const copied = { Dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCOPY src/ ./\nCMD ["node", "server.js"]\n', "src/server.js": "" };
    expect(findingsOf(cmdTargetMissing, { compose, files: copied })).toEqual([]);
    const built = { Dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm run build\nCMD ["node", "dist/server.js"]\n' };
    expect(findingsOf(cmdTargetMissing, { compose, files: built })).toEqual([]);
  });
});

describe("cmd-target-missing: runners and arguments", () => {
  const check = (dockerfile: string, extra: Record<string, string> = {}, composeText = compose) => findingsOf(cmdTargetMissing, { compose: composeText, files: { Dockerfile: dockerfile, ...extra } });
  it("skips runner flags and resolves an absolute runner path", () => {
    expect(check('FROM python:3.12-slim\nWORKDIR /srv\nCOPY app ./app\nCMD ["/usr/local/bin/python3", "-u", "main.py"]\n', { "app/main.py": "" })).toMatchObject([{ message: "CMD runs /srv/main.py, but no COPY puts that file into the image", hint: "fix the path in CMD, or COPY the file from the build context" }]);
  });
  it("reads the first CMD of the final stage's chain", () => {
    const dockerfile = 'FROM node:20-slim AS base\nWORKDIR /app\nCMD ["node", "missing.js"]\nFROM base\nCOPY index.js ./\n';
    expect(check(dockerfile, { "index.js": "" })).toMatchObject([{ line: 3, message: expect.stringContaining("/app/missing.js") }]);
  });
  it.each([
    ["a compose command that replaces CMD", 'FROM node:20-slim\nCMD ["node", "gone.js"]\n', "services:\n  api:\n    build: .\n    command: [node, other.js]\n"],
    ["a script named through a variable", 'FROM node:20-slim\nCMD ["node", "$ENTRY.js"]\n', compose],
    ["a runner berth does not know", 'FROM ruby:3.3\nCMD ["ruby", "app.rb"]\n', compose],
    ["a module run with python -m", 'FROM python:3.12-slim\nCMD ["python", "-m", "http.server"]\n', compose],
  ])("stays quiet on %s", (_name, dockerfile, composeText) => {
    expect(check(dockerfile, {}, composeText)).toEqual([]);
  });
});
