import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { secretInImage } from "./secret-in-image.js";

const compose = "services:\n  app:\n    build: .\n";

describe("secret-in-image", () => {
  it("fires on a secret ENV value, an ARG default and a copied .env", () => {
    const files = { Dockerfile: "FROM node:20-slim\nARG NPM_TOKEN=abc123\nENV JWT_SECRET=supersecret\nCOPY .env ./\n", ".env": "A=1" };
    expect(findingsOf(secretInImage, { compose, files }).map((finding) => finding.line)).toEqual([2, 3, 4]);
  });
  it("stays quiet on ARGs without values, references and example files", () => {
    const files = { Dockerfile: "FROM node:20-slim\nARG NPM_TOKEN\nENV API_KEY_FILE=/run/secrets/key DB_PASSWORD=$DB_PASSWORD\nCOPY .env.example ./\n" };
    expect(findingsOf(secretInImage, { compose, files })).toEqual([]);
  });
});

describe("secret-in-image and builder stages", () => {
  const compose = "services:\n  web:\n    build: .\n";
  it("stays quiet on COPY .npmrc in a builder stage that never reaches the final image", () => {
    const files = { Dockerfile: "FROM node:20 AS deps\nCOPY .npmrc package.json ./\nRUN npm install\nFROM node:20-slim\nCOPY --from=deps /node_modules ./node_modules\n", ".npmrc": "//registry.npmjs.org/:_authToken=npm_abc123\n", "package.json": "{}" };
    expect(findingsOf(secretInImage, { compose, files })).toEqual([]);
  });
  it("fires on COPY .npmrc with a token in the final stage, not on one without", () => {
    const dockerfile = "FROM node:20\nCOPY .npmrc package.json ./\n";
    expect(findingsOf(secretInImage, { compose, files: { Dockerfile: dockerfile, ".npmrc": "//r/:_authToken=npm_abc\n", "package.json": "{}" } })).toHaveLength(1);
    expect(findingsOf(secretInImage, { compose, files: { Dockerfile: dockerfile, ".npmrc": "save-exact=true\n", "package.json": "{}" } })).toEqual([]);
  });
});

describe("secret-in-image: the forms of ENV, ARG and COPY", () => {
  const check = (dockerfile: string, extra: Record<string, string> = {}) => findingsOf(secretInImage, { compose, files: { Dockerfile: dockerfile, ...extra } });
  it("reads ENV in the spaced form and names the key", () => {
    expect(check("FROM python:3.12-slim\nENV SECRET_KEY django-insecure-abc\n")).toMatchObject([{ line: 2, message: "ENV SECRET_KEY puts a secret value into the image layers", hint: "pass it at run time, or use `RUN --mount=type=secret` at build time" }]);
  });
  it("keeps a value that holds = whole", () => {
    expect(check("FROM node:20-slim\nENV API_TOKEN=abc=def=\n")).toMatchObject([{ message: "ENV API_TOKEN puts a secret value into the image layers" }]);
  });
  it("stays quiet on flags and numbers in secret-named keys and on ordinary keys", () => {
    expect(check("FROM node:20-slim\nENV DB_PASSWORD_LENGTH=32 USE_SECRET_STORE=true NODE_ENV=production\nENV API_KEY ${API_KEY}\n")).toEqual([]);
  });
  it("names the secret file among several sources, and reads keys and pem files", () => {
    const findings = check("FROM nginx:1.22\nCOPY nginx.conf certs/server.key /etc/nginx/\n", { "nginx.conf": "events {}\n", "certs/server.key": "-----BEGIN PRIVATE KEY-----\n" });
    expect(findings).toMatchObject([{ line: 2, message: "COPY certs/server.key puts a secret file into the image", hint: "mount it at run time (`secrets:` or `env_file:`) instead" }]);
  });
});
