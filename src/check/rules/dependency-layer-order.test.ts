import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { dependencyLayerOrder } from "./dependency-layer-order.js";

const compose = "services:\n  api:\n    build: .\n";

describe("dependency-layer-order", () => {
  it("fires when COPY . . precedes pip install", () => {
    expect(findingsOf(dependencyLayerOrder, { compose, files: { Dockerfile: "FROM python:3.11-slim\nCOPY . .\nRUN pip install -r requirements.txt\n" } })).toMatchObject([{ line: 2 }]);
  });
  it("stays quiet when manifests are copied first", () => {
    expect(findingsOf(dependencyLayerOrder, { compose, files: { Dockerfile: "FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n" } })).toEqual([]);
  });
});

describe("dependency-layer-order: installers and stages", () => {
  const findings = (dockerfile: string) => findingsOf(dependencyLayerOrder, { compose, files: { Dockerfile: dockerfile } });

  it.each(["npm ci", "npm i --omit=dev", "pnpm install --frozen-lockfile", "yarn", "yarn install --immutable", "poetry install --no-root", "uv sync", "bundle install", "go mod download"])("fires when COPY . . precedes `%s`, with the fix", (install) => {
    expect(findings(`FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN ${install}\n`)).toMatchObject([
      { line: 3, message: "the whole context is copied before the dependency install, so any code change reinstalls dependencies", hint: "copy the manifests and lockfile first, install, then `COPY . .`" },
    ]);
  });

  it("does not take a build command or a single-package pip install for a dependency install", () => {
    expect(findings("FROM node:20-slim\nCOPY . .\nRUN npm run build\n")).toEqual([]);
    expect(findings("FROM python:3.12-slim\nCOPY . .\nRUN pip install gunicorn\n")).toEqual([]);
  });

  it("judges each stage on its own: a wholesale copy in the runtime stage after the builder installed is fine", () => {
    expect(findings("FROM node:20-slim AS build\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nFROM node:20-slim\nCOPY . .\nCMD [\"node\", \"dist/server.js\"]\n")).toEqual([]);
  });
});
