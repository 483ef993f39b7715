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

describe("nextjs-standalone-missing: which config is read", () => {
  it("names the missing config when the app has none at all", () => {
    expect(findingsOf(nextjsStandaloneMissing, { compose, files: { Dockerfile } })).toMatchObject([{ file: "Dockerfile", line: 4, severity: "error", message: "the image copies .next/standalone, but no next.config sets output: 'standalone'", hint: "add `output: 'standalone'` to next.config" }]);
  });

  it.each(["next.config.ts", "next.config.cjs"])("reads %s, with any quote style", (name) => {
    expect(findingsOf(nextjsStandaloneMissing, { compose, files: { Dockerfile, [name]: "const config = { output: `standalone` };\nexport default config;\n" } })).toEqual([]);
    expect(findingsOf(nextjsStandaloneMissing, { compose, files: { Dockerfile, [name]: 'module.exports = { output: "standalone" };\n' } })).toEqual([]);
  });

  it("does not take output: 'export' (a static export) for standalone", () => {
    expect(findingsOf(nextjsStandaloneMissing, { compose, files: { Dockerfile, "next.config.js": "module.exports = { output: 'export' };\n" } })).toMatchObject([{ message: "the image copies .next/standalone, but next.config.js does not set output: 'standalone'" }]);
  });

  it("stays quiet for an image that does not copy .next/standalone", () => {
    const plain = "FROM node:20-slim\nCOPY . .\nCMD [\"npm\", \"start\"]\n";
    expect(findingsOf(nextjsStandaloneMissing, { compose, files: { Dockerfile: plain, "next.config.js": "module.exports = {};\n" } })).toEqual([]);
  });
});
