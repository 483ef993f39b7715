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
