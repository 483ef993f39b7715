import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { runsAsRoot } from "./runs-as-root.js";

const compose = "services:\n  app:\n    build: .\n";

describe("runs-as-root", () => {
  it("fires without USER", () => {
    expect(findingsOf(runsAsRoot, { compose, files: { Dockerfile: "FROM python:3.11-slim\nCMD python main.py\n" } })).toMatchObject([{ file: "Dockerfile", line: 1 }]);
  });
  it("stays quiet with a USER inherited from an earlier stage", () => {
    expect(findingsOf(runsAsRoot, { compose, files: { Dockerfile: "FROM node:20-slim AS base\nUSER node\nFROM base\nCMD node x.js\n" } })).toEqual([]);
  });
});

describe("runs-as-root: who is exempt", () => {
  const dockerfileOnly = (text: string) => findingsOf(runsAsRoot, { compose, files: { Dockerfile: text } });
  it("names the service and points at the final stage's FROM of a multi-stage build", () => {
    const findings = dockerfileOnly("FROM node:20-slim AS build\nRUN npm ci\n\nFROM node:20-slim\nCOPY --from=build /app /app\nCMD node /app/x.js\n");
    expect(findings).toMatchObject([{ file: "Dockerfile", line: 4, message: 'the image of "app" runs as root (no USER in its final stage)' }]);
  });
  it("fires when the last USER switches back to root", () => {
    expect(dockerfileOnly("FROM python:3.11-slim\nUSER app\nUSER root\nCMD python x.py\n")).toHaveLength(1);
  });
  it.each([
    ["nginx, which drops privileges itself", "FROM nginx:1.22\nCOPY site /usr/share/nginx/html\n"],
    ["a datastore image", "FROM postgres:15\nCOPY init.sql /docker-entrypoint-initdb.d/\n"],
    ["apache's php image", "FROM php:8.2-apache\nCOPY . /var/www/html\n"],
    ["a numeric non-root USER", "FROM python:3.11-slim\nUSER 10001\nCMD python x.py\n"],
  ])("stays quiet on %s", (_name, text) => {
    expect(dockerfileOnly(text)).toEqual([]);
  });
  it("stays quiet when compose sets user:, and on image-only services", () => {
    const withUser = "services:\n  app:\n    build: .\n    user: '1000:1000'\n  cache:\n    image: redis:7\n";
    expect(findingsOf(runsAsRoot, { compose: withUser, files: { Dockerfile: "FROM python:3.11-slim\nCMD python x.py\n" } })).toEqual([]);
  });
});
