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

describe("frozen-install-without-lockfile: each installer and where the lockfile comes from", () => {
  const check = (dockerfile: string, extra: Record<string, string> = {}) => findingsOf(frozenInstallWithoutLockfile, { compose, files: { Dockerfile: dockerfile, ...extra } });
  it.each([
    ["yarn --immutable", "RUN yarn install --immutable", "yarn.lock"],
    ["uv sync --locked", "RUN uv sync --locked", "uv.lock"],
    ["poetry install", "RUN poetry install --no-root", "poetry.lock"],
  ])("names %s's lockfile in the message and the hint", (_name, run, lockfile) => {
    expect(check(`FROM python:3.12-slim\nCOPY pyproject.toml ./\n${run}\n`)).toMatchObject([{ line: 3, message: `frozen install runs before ${lockfile} is copied into the image`, hint: `commit ${lockfile} and COPY it before this step` }]);
  });
  it("accepts a lockfile copied from another stage", () => {
    expect(check("FROM node:20-slim AS deps\nCOPY package.json package-lock.json ./\nFROM node:20-slim\nCOPY --from=deps /app/package-lock.json ./\nRUN npm ci\n", { "package.json": "{}", "package-lock.json": "{}" })).toEqual([]);
  });
  it("fires on COPY . . when the context lacks the lockfile, and stays quiet when it has it", () => {
    expect(check("FROM node:20-slim\nCOPY . .\nRUN npm ci\n", { "package.json": "{}" })).toMatchObject([{ message: "frozen install needs package-lock.json, which is not in the build context" }]);
    expect(check("FROM node:20-slim\nCOPY . .\nRUN npm ci\n", { "package.json": "{}", "package-lock.json": "{}" })).toEqual([]);
  });
  it("reads a lockfile copied from a subfolder", () => {
    expect(check("FROM node:20-slim\nCOPY web/package.json web/package-lock.json ./\nRUN npm ci\n", { "web/package.json": "{}" })).toMatchObject([{ message: expect.stringContaining("not in the build context") }]);
  });
  it("does not take pnpm install without --frozen-lockfile for a frozen install", () => {
    expect(check("FROM node:20-slim\nCOPY package.json ./\nRUN pnpm install\n", { "package.json": "{}" })).toEqual([]);
  });
});
