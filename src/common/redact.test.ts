import { describe, expect, it } from "vitest";
import { REDACTED, createRedactor, isRedactableValue, isSecretName } from "./redact.js";

const canary = "canary-7f3a9c1e5b";

describe("isSecretName", () => {
  it.each(["POSTGRES_PASSWORD", "DB_PASSWD", "JWT_SECRET", "GITHUB_TOKEN", "API_KEY", "apiKey", "STRIPE_SECRET_KEY", "SENTRY_DSN", "AUTH", "DB_PWD"])("%s looks secret", (name) => {
    expect(isSecretName(name)).toBe(true);
  });
  it.each(["POSTGRES_USER", "NODE_ENV", "PORT", "PWD", "OLDPWD", "MONKEY", "KEYBOARD_LAYOUT", "POSTGRES_PASSWORD_FILE", "SECRET_PATH", "TOKEN_HOST"])("%s does not", (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

describe("isRedactableValue", () => {
  it("keeps short and ordinary values", () => {
    for (const value of ["1", "abc", "true", "production", "5432", "postgres"]) expect(isRedactableValue(value)).toBe(false);
    expect(isRedactableValue(canary)).toBe(true);
  });
});

describe("createRedactor", () => {
  it("replaces known values wherever they appear, longest first", () => {
    const redactor = createRedactor([`${canary}-long`, canary, "1"]);
    expect(redactor.text(`a ${canary}-long b ${canary}c 1`)).toBe(`a ${REDACTED} b ${REDACTED}c 1`);
    expect(redactor.knownValues).toBe(2);
  });

  it("hides credentials inside URLs without knowing them", () => {
    const redactor = createRedactor([]);
    expect(redactor.text("DATABASE_URL=postgres://app:hunter2x@db:5432/app")).toBe(`DATABASE_URL=postgres://app:${REDACTED}@db:5432/app`);
    expect(redactor.text("redis://:s3cr3tpw@cache:6379/0")).toBe(`redis://:${REDACTED}@cache:6379/0`);
  });

  it("hides NAME=value and JSON pairs whose name looks secret", () => {
    const redactor = createRedactor([]);
    expect(redactor.text("POSTGRES_PASSWORD=abc123 POSTGRES_USER=app")).toBe(`POSTGRES_PASSWORD=${REDACTED} POSTGRES_USER=app`);
    expect(redactor.text('export API_TOKEN="x y z"')).toBe(`export API_TOKEN=${REDACTED}`);
    expect(redactor.text('{"JWT_SECRET": "zzz", "user": "app"}')).toBe(`{"JWT_SECRET": "${REDACTED}", "user": "app"}`);
  });

  it("redacts data deeply and blanks secret-named keys", () => {
    const redactor = createRedactor([canary]);
    const data = { env: { DB_PASSWORD: "short", NODE_ENV: "production" }, lines: [`got ${canary}`], n: 3, ok: true, none: null };
    expect(redactor.data(data)).toEqual({ env: { DB_PASSWORD: REDACTED, NODE_ENV: "production" }, lines: [`got ${REDACTED}`], n: 3, ok: true, none: null });
    expect(data.lines[0]).toBe(`got ${canary}`);
  });

  it("leaves look-alikes alone: hyphenated words, references, URLs", () => {
    const redactor = createRedactor([]);
    for (const text of ["backend-db-credentials: postgres db", "use `SESSION_SECRET: ${SESSION_SECRET}` instead", "see API_TOKEN: $API_TOKEN", "token_url: http://x/y"]) expect(redactor.text(text)).toBe(text);
    expect(redactor.text("API_TOKEN: abc123")).toBe(`API_TOKEN: ${REDACTED}`);
  });

  it("leaves text without secrets untouched", () => {
    const redactor = createRedactor([canary]);
    const text = "GET /api/health 200 in 12 ms; path=services.web.ports user=app";
    expect(redactor.text(text)).toBe(text);
  });
});
