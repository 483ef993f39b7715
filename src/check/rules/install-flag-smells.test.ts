import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { installFlagSmells } from "./install-flag-smells.js";

const compose = "services:\n  app:\n    build: .\n";

describe("install-flag-smells", () => {
  it("fires on --only=production, --legacy-peer-deps and a cached pip install", () => {
    const files = { Dockerfile: "FROM node:20-slim\nRUN npm ci --only=production --legacy-peer-deps\nRUN pip install -r requirements.txt\n" };
    expect(findingsOf(installFlagSmells, { compose, files }).map((finding) => finding.line)).toEqual([2, 3]);
    // Two problems at one place are one result (JSON/SARIF keep one per location), both named.
    expect(findingsOf(installFlagSmells, { compose, files })[0]!.message).toContain("and 1 more at this place");
  });
  it("stays quiet on modern flags", () => {
    const files = { Dockerfile: "FROM node:20-slim\nRUN npm ci --omit=dev\nRUN pip install --no-cache-dir -r requirements.txt\n" };
    expect(findingsOf(installFlagSmells, { compose, files })).toEqual([]);
  });
});

describe("install-flag-smells: each smell on its own, and what turns the pip cache off", () => {
  const findings = (dockerfile: string) => findingsOf(installFlagSmells, { compose, files: { Dockerfile: `FROM python:3.12-slim\n${dockerfile}` } });

  it.each([
    ["RUN npm install --only=prod", "`--only=production` is deprecated and ignored by recent npm", "use `--omit=dev`"],
    ["RUN npm install --legacy-peer-deps", "`--legacy-peer-deps` hides dependency conflicts that break at run time", "fix the peer dependency conflict instead"],
    ["RUN pip3 install flask", "pip keeps its download cache in the image", "add `--no-cache-dir`"],
  ])("%s: %s", (run, message, hint) => {
    expect(findings(`${run}\n`)).toMatchObject([{ file: "Dockerfile", line: 2, severity: "info", message, hint }]);
  });

  it("accepts a pip install when ENV PIP_NO_CACHE_DIR is set in any stage, or the cache is a build mount", () => {
    expect(findings("ENV PIP_NO_CACHE_DIR=1\nRUN pip install -r requirements.txt\n")).toEqual([]);
    expect(findings("RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n")).toEqual([]);
  });

  it("judges each command of a chained RUN on its own: --only=production after another command still counts", () => {
    expect(findings("RUN apt-get update && npm ci --only=production\n")).toMatchObject([{ line: 2 }]);
    expect(findings("RUN pip install --no-cache-dir -r a.txt && echo done\n")).toEqual([]);
  });

  it("reads no Dockerfile for a service with an image only", () => {
    expect(findingsOf(installFlagSmells, { compose: "services:\n  app:\n    image: python:3.12\n", files: { Dockerfile: "FROM python:3.12\nRUN pip install flask\n" } })).toEqual([]);
  });
});
