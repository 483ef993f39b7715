import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { copySourceMissing } from "./copy-source-missing.js";

const compose = "services:\n  web:\n    build: ./web\n";

describe("copy-source-missing", () => {
  it("fires on a missing lockfile, an empty optional glob and an ignored file", () => {
    const files = {
      "web/Dockerfile": "FROM node:20-slim\nCOPY package.json pnpm-lock.yaml ./\nCOPY package-lock.json* ./\nCOPY tests ./tests\n",
      "web/package.json": "{}",
      "web/tests/a.test.ts": "",
      "web/.dockerignore": "tests\n",
    };
    expect(findingsOf(copySourceMissing, { compose, files }).map((finding) => [finding.line, finding.message.slice(0, 40)])).toEqual([
      [2, 'COPY source "pnpm-lock.yaml" does not ex'],
      [3, 'COPY source "package-lock.json*" does no'],
      [4, 'COPY source "tests" is excluded by .dock'],
    ]);
  });
  it("stays quiet when every source is there, and ignores --from copies", () => {
    const files = { "web/Dockerfile": "FROM node:20-slim AS b\nCOPY package*.json ./\nCOPY src/ ./src/\nFROM b\nCOPY --from=b /app/dist ./dist\n", "web/package.json": "{}", "web/src/index.ts": "" };
    expect(findingsOf(copySourceMissing, { compose, files })).toEqual([]);
  });
});
