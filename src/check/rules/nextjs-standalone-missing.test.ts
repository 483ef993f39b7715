import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { nextjsStandaloneMissing } from "./nextjs-standalone-missing.js";

const compose = "services:\n  web:\n    build: .\n";
const Dockerfile = "FROM node:20-slim AS builder\nRUN npm run build\nFROM node:20-slim\nCOPY --from=builder /app/.next/standalone ./\n";

describe("nextjs-standalone-missing", () => {
  it("fires when next.config lacks output standalone", () => {
    expect(findingsOf(nextjsStandaloneMissing, { compose, files: { Dockerfile, "next.config.js": "module.exports = { reactStrictMode: true };\n" } })).toMatchObject([{ line: 4 }]);
  });
  it("finds next.config of a monorepo app built from the workspace root", () => {
    const monorepo = "services:\n  web:\n    build:\n      context: .\n      dockerfile: docker/web.Dockerfile\n";
    const dockerfile = "FROM node:20-slim AS build\nRUN pnpm build\nFROM node:20-slim\nCOPY --from=build /repo/apps/web/.next/standalone ./\n";
    expect(findingsOf(nextjsStandaloneMissing, { compose: monorepo, files: { "docker/web.Dockerfile": dockerfile, "apps/web/next.config.mjs": "export default { output: 'standalone' };\n" } })).toEqual([]);
    expect(findingsOf(nextjsStandaloneMissing, { compose: monorepo, files: { "docker/web.Dockerfile": dockerfile, "apps/web/next.config.mjs": "export default {};\n" } })).toMatchObject([{ message: expect.stringContaining("apps/web/next.config.mjs") }]);
  });
  it("stays quiet when it is set", () => {
    expect(findingsOf(nextjsStandaloneMissing, { compose, files: { Dockerfile, "next.config.mjs": "export default { output: 'standalone' };\n" } })).toEqual([]);
  });
});
