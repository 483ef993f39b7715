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

describe("weak-or-default-credential: why it is weak", () => {
  const db = (image: string, env: string) => `services:\n  db:\n    image: ${image}\n    environment:\n${env}`;
  it.each([
    ["a well-known default", "postgres:15", "      POSTGRES_PASSWORD: Password\n", "POSTGRES_PASSWORD of \"db\" is weak (a well-known default)"],
    ["a short one", "postgres:15", "      POSTGRES_PASSWORD: x7Kq2\n", "POSTGRES_PASSWORD of \"db\" is weak (shorter than 8 characters)"],
    ["the database name", "postgres:15", "      POSTGRES_DB: inventory\n      POSTGRES_PASSWORD: inventory\n", "POSTGRES_PASSWORD of \"db\" is weak (same as the user or database name)"],
    ["the image's default user", "postgres:15", "      POSTGRES_PASSWORD: postgres\n", "POSTGRES_PASSWORD of \"db\" is weak (same as the user or database name)"],
  ])("reports %s", (_name, image, env, message) => {
    expect(findingsOf(weakOrDefaultCredential, { compose: db(image, env) })).toMatchObject([{ line: 4 + env.split("\n").length - 1, message }]);
  });
  it("points at the env_file line that sets the password (the last file wins)", () => {
    const compose = "services:\n  db:\n    image: postgres:15\n    env_file: [base.env, db.env]\n";
    const files = { "base.env": "POSTGRES_PASSWORD=f3a9c0e27d1b4c58\n", "db.env": "# database\nPOSTGRES_PASSWORD=password\n" };
    expect(findingsOf(weakOrDefaultCredential, { compose, files })).toMatchObject([{ file: "db.env", line: 2, message: 'POSTGRES_PASSWORD of "db" is weak (a well-known default)' }]);
  });
  it("stays quiet on an empty password, a non-datastore image and Grafana with a password file", () => {
    const compose = "services:\n  db:\n    image: postgres:15\n    environment:\n      POSTGRES_PASSWORD: ''\n  app:\n    image: python:3.11-slim\n    environment:\n      PASSWORD: admin\n  grafana:\n    image: grafana/grafana:10.4.2\n    environment:\n      GF_SECURITY_ADMIN_PASSWORD__FILE: /run/secrets/grafana\n";
    expect(findingsOf(weakOrDefaultCredential, { compose })).toEqual([]);
  });
  it.each([
    ["the product's name", "      GF_SECURITY_ADMIN_PASSWORD: grafana\n", 'GF_SECURITY_ADMIN_PASSWORD of "grafana" is weak (same as the user, service or product name)'],
    ["the admin user", "      GF_SECURITY_ADMIN_USER: operator\n      GF_SECURITY_ADMIN_PASSWORD: operator\n", 'GF_SECURITY_ADMIN_PASSWORD of "grafana" is weak (same as the user, service or product name)'],
    ["a short one", "      - GF_SECURITY_ADMIN_PASSWORD=s3cr3t\n", 'GF_SECURITY_ADMIN_PASSWORD of "grafana" is weak (shorter than 8 characters)'],
  ])("reports a Grafana admin password that is %s, on its line", (_name, env, message) => {
    const compose = `services:\n  grafana:\n    image: grafana/grafana\n    environment:\n${env}`;
    expect(findingsOf(weakOrDefaultCredential, { compose })).toMatchObject([{ line: 4 + env.split("\n").length - 1, message }]);
  });
  it("stays quiet on a strong Grafana admin password from .env", () => {
    const compose = "services:\n  grafana:\n    image: grafana/grafana:10.4.2\n    environment:\n      GF_SECURITY_ADMIN_PASSWORD: ${GF_PASSWORD}\n";
    expect(findingsOf(weakOrDefaultCredential, { compose, files: { ".env": "GF_PASSWORD=8d0c1f4e9a7b2c6d\n" } })).toEqual([]);
  });
});
