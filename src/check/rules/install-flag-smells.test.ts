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
