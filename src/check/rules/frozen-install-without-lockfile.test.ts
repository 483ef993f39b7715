import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { frozenInstallWithoutLockfile } from "./frozen-install-without-lockfile.js";

const compose = "services:\n  web:\n    build: .\n";

describe("frozen-install-without-lockfile", () => {
  it("fires when the optional lockfile glob matches nothing", () => {
    const files = { Dockerfile: "FROM node:20-slim\nCOPY package.json pnpm-lock.yaml* ./\nRUN pnpm install --frozen-lockfile\n", "package.json": "{}" };
    expect(findingsOf(frozenInstallWithoutLockfile, { compose, files })).toMatchObject([{ line: 3, message: expect.stringContaining("not in the build context") }]);
  });
  it("fires when npm ci runs before any lockfile is copied", () => {
    const files = { Dockerfile: "FROM node:20-slim\nCOPY package.json ./\nRUN npm ci\nCOPY . .\n", "package.json": "{}", "package-lock.json": "{}" };
    expect(findingsOf(frozenInstallWithoutLockfile, { compose, files })).toMatchObject([{ line: 3 }]);
  });
  it("stays quiet when the lockfile is copied first", () => {
    const files = { Dockerfile: "FROM node:20-slim\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n", "package.json": "{}", "package-lock.json": "{}" };
    expect(findingsOf(frozenInstallWithoutLockfile, { compose, files })).toEqual([]);
  });
});

describe("frozen-install-without-lockfile with COPY globs", () => {
  it("stays quiet on COPY package*.json ./ then npm ci when the lockfile is committed", () => {
    const files = { Dockerfile: "FROM node:20-slim\nCOPY package*.json ./\nRUN npm ci\n", "package.json": "{}", "package-lock.json": "{}" };
    expect(findingsOf(frozenInstallWithoutLockfile, { compose, files })).toEqual([]);
  });
  it("still fires on COPY package*.json ./ when no lockfile is in the context", () => {
    const files = { Dockerfile: "FROM node:20-slim\nCOPY package*.json ./\nRUN npm ci\n", "package.json": "{}" };
    expect(findingsOf(frozenInstallWithoutLockfile, { compose, files })).toMatchObject([{ line: 3, message: expect.stringContaining("not in the build context") }]);
  });
});
