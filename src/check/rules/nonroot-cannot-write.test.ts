import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { nonrootCannotWrite } from "./nonroot-cannot-write.js";

const compose = "services:\n  app:\n    build: .\n";

describe("nonroot-cannot-write", () => {
  it("fires when npm ci runs as node in a root-owned WORKDIR", () => {
    const files = { Dockerfile: "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nUSER node\nRUN npm ci\n" };
    expect(findingsOf(nonrootCannotWrite, { compose, files })).toMatchObject([{ line: 5, message: expect.stringContaining("/app") }]);
  });
  it("stays quiet when the directory is chowned first, or the install runs as root", () => {
    const chowned = { Dockerfile: "FROM node:20-slim\nWORKDIR /app\nRUN chown node:node /app\nUSER node\nCOPY --chown=node:node . .\nRUN npm ci\n" };
    expect(findingsOf(nonrootCannotWrite, { compose, files: chowned })).toEqual([]);
    const rootInstall = { Dockerfile: "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER node\n" };
    expect(findingsOf(nonrootCannotWrite, { compose, files: rootInstall })).toEqual([]);
  });
});

describe("nonroot-cannot-write: which steps and directories", () => {
  const check = (dockerfile: string) => findingsOf(nonrootCannotWrite, { compose, files: { Dockerfile: dockerfile } });
  it.each([
    ["pip install", "FROM python:3.11-slim\nWORKDIR /srv/app\nUSER app\nRUN pip install -r requirements.txt\n", 4, "this step writes into /srv/app as app, but /srv/app was created by root"],
    ["a venv", "FROM python:3.11-slim\nWORKDIR /opt/svc\nUSER 10001\nRUN python3 -m venv .venv\n", 4, "this step writes into /opt/svc as 10001, but /opt/svc was created by root"],
    ["mkdir of a relative folder", "FROM node:20-slim\nWORKDIR /app\nUSER node\nRUN mkdir data\n", 4, "this step writes into /app as node, but /app was created by root"],
  ])("fires on %s", (_name, dockerfile, line, message) => {
    expect(check(dockerfile)).toMatchObject([{ line, message }]);
  });
  it.each([
    ["a home directory", "FROM node:20-slim\nWORKDIR /home/node/app\nUSER node\nRUN npm ci\n"],
    ["pip install --user", "FROM python:3.11-slim\nWORKDIR /app\nUSER app\nRUN pip install --user flask\n"],
    ["a user switched back to root", "FROM node:20-slim\nWORKDIR /app\nUSER node\nUSER root\nRUN npm ci\n"],
    ["install -d of the directory", "FROM node:20-slim\nRUN install -d -o node /app\nWORKDIR /app\nUSER node\nRUN npm ci\n"],
    ["chown of . from the WORKDIR", "FROM node:20-slim\nWORKDIR /app\nRUN chown -R node .\nUSER node\nRUN npm ci\n"],
  ])("stays quiet with %s", (_name, dockerfile) => {
    expect(check(dockerfile)).toEqual([]);
  });
});
