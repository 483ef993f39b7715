import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { weakOrDefaultCredential } from "./weak-or-default-credential.js";

describe("weak-or-default-credential", () => {
  it("fires on password = user and on Grafana without an admin password", () => {
    const compose = "services:\n  db:\n    image: postgres:15\n    environment:\n      POSTGRES_USER: autopack\n      POSTGRES_PASSWORD: autopack\n  grafana:\n    image: grafana/grafana:10.4.2\n";
    expect(findingsOf(weakOrDefaultCredential, { compose }).map((finding) => finding.line)).toEqual([6, 7]);
  });
  it("stays quiet on a strong password", () => {
    const compose = "services:\n  db:\n    image: postgres:15\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n";
    expect(findingsOf(weakOrDefaultCredential, { compose, files: { ".env": "DB_PASSWORD=f3a9c0e27d1b4c58a6e9\n" } })).toEqual([]);
  });
});
