import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { placeholderSecret } from "./placeholder-secret.js";

const compose = "services:\n  api:\n    image: node:20\n    environment:\n      JWT_SECRET: ${JWT_SECRET}\n      GOOGLE_CLIENT_SECRET: your_google_client_secret\n";

describe("placeholder-secret", () => {
  it("fires in compose and in .env, each where the literal is written", () => {
    const findings = findingsOf(placeholderSecret, { compose, files: { ".env": "JWT_SECRET=change-this-to-a-strong-random-secret\n" } });
    expect(findings.map((finding) => [finding.file, finding.line])).toEqual([[".env", 1], ["compose.yaml", 6]]);
  });
  it("stays quiet on generated values", () => {
    const quiet = "services:\n  api:\n    image: node:20\n    environment:\n      JWT_SECRET: ${JWT_SECRET}\n";
    expect(findingsOf(placeholderSecret, { compose: quiet, files: { ".env": "JWT_SECRET=9f2c1d0e8b7a6f5e4d3c2b1a\n" } })).toEqual([]);
  });
});

describe("placeholder-secret, template wording", () => {
  it("fires on REPLACE_WITH_LONG_SECRET and STRONG_DB_PASSWORD (docmost's template)", () => {
    const template = "services:\n  app:\n    image: docmost/docmost:0.8.4\n    environment:\n      APP_SECRET: 'REPLACE_WITH_LONG_SECRET'\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: STRONG_DB_PASSWORD\n";
    expect(findingsOf(placeholderSecret, { compose: template }).map((finding) => finding.line)).toEqual([5, 9]);
  });
});
