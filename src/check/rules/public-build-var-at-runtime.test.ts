import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { publicBuildVarAtRuntime } from "./public-build-var-at-runtime.js";

const files = { Dockerfile: "FROM node:20-slim\nARG NEXT_PUBLIC_API_URL\nRUN npm run build\n" };

describe("public-build-var-at-runtime", () => {
  it("fires on a service hostname and on a runtime-only value", () => {
    const compose = "services:\n  web:\n    build: .\n    environment:\n      NEXT_PUBLIC_API_URL: http://backend:8000\n      NEXT_PUBLIC_SITE: https://example.com\n  backend:\n    image: node:20\n";
    expect(findingsOf(publicBuildVarAtRuntime, { compose, files }).map((finding) => finding.line)).toEqual([5, 6]);
  });
  it("stays quiet for a public URL passed as build arg", () => {
    const compose = "services:\n  web:\n    build:\n      context: .\n      args: { NEXT_PUBLIC_API_URL: https://api.example.com }\n    environment:\n      NEXT_PUBLIC_API_URL: https://api.example.com\n";
    expect(findingsOf(publicBuildVarAtRuntime, { compose, files })).toEqual([]);
  });
});

describe("public-build-var-at-runtime when no browser outside reads it", () => {
  it("stays quiet for end-to-end tests whose browser runs inside the compose network", () => {
    const e2e = "services:\n  backend:\n    image: api:1\n  playwright:\n    build:\n      context: ./frontend\n      dockerfile: Dockerfile.playwright\n    environment:\n      - VITE_API_URL=http://backend:8000\n";
    const files = { "frontend/Dockerfile.playwright": "FROM mcr.microsoft.com/playwright:v1.49.0-noble\nCOPY . .\n" };
    expect(findingsOf(publicBuildVarAtRuntime, { compose: e2e, files })).toEqual([]);
  });
  it("stays quiet for a dev server that reads the variable when it starts", () => {
    const dev = "services:\n  web:\n    build: .\n    command: npm run dev -- --host\n    environment:\n      VITE_API_URL: /api\n";
    expect(findingsOf(publicBuildVarAtRuntime, { compose: dev, files: { Dockerfile: "FROM node:20\n" } })).toEqual([]);
  });
  it("still fires for a production build that ignores the runtime value", () => {
    const prod = "services:\n  web:\n    build: .\n    environment:\n      VITE_API_URL: /api\n";
    expect(findingsOf(publicBuildVarAtRuntime, { compose: prod, files: { Dockerfile: "FROM node:20\nRUN npx vite build\n" } })).toHaveLength(1);
  });
});
