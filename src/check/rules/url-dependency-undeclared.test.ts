import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { urlDependencyUndeclared } from "./url-dependency-undeclared.js";

const compose = (dependsOn: string) => `services:\n  backend:\n    image: node:20\n${dependsOn}    environment:\n      QDRANT_URL: http://qdrant:6333\n  qdrant:\n    image: qdrant/qdrant:v1.9.0\n`;

describe("url-dependency-undeclared", () => {
  it("fires without depends_on", () => {
    expect(findingsOf(urlDependencyUndeclared, { compose: compose("") })).toMatchObject([{ line: 5 }]);
  });
  it("stays quiet with depends_on", () => {
    expect(findingsOf(urlDependencyUndeclared, { compose: compose("    depends_on: [qdrant]\n") })).toEqual([]);
  });
});

describe("url-dependency-undeclared through other services", () => {
  it("stays quiet when the dependency is transitive (worker → web → db)", () => {
    const chain = "services:\n  worker:\n    image: node:20\n    depends_on: [web]\n    environment:\n      DATABASE_URL: postgres://app@db:5432/app\n  web:\n    image: node:20\n    depends_on: [db]\n  db:\n    image: postgres:15\n";
    expect(findingsOf(urlDependencyUndeclared, { compose: chain })).toEqual([]);
  });
});

describe("url-dependency-undeclared: which settings count as a connection", () => {
  it("reads *_HOST values and names the key and both services", () => {
    const compose = "services:\n  api:\n    image: node:20\n    environment:\n      REDIS_HOST: cache\n      REDIS_PORT: '6379'\n  cache:\n    image: redis:7\n";
    expect(findingsOf(urlDependencyUndeclared, { compose })).toMatchObject([{ line: 5, message: '"api" connects to "cache" (REDIS_HOST) but does not depend on it', hint: "add depends_on: { cache: { condition: service_healthy } }" }]);
  });
  it("reports each pair once, at the first setting", () => {
    const compose = "services:\n  api:\n    image: node:20\n    environment:\n      DATABASE_URL: postgres://app@db:5432/app\n      DB_HOST: db\n  db:\n    image: postgres:15\n";
    expect(findingsOf(urlDependencyUndeclared, { compose }).map((finding) => finding.line)).toEqual([5]);
  });
  it("stays quiet on a service's URL to itself and on external hosts", () => {
    const compose = "services:\n  api:\n    image: node:20\n    environment:\n      PUBLIC_URL: http://api:3000\n      STRIPE_URL: https://api.stripe.com/v1\n  db:\n    image: postgres:15\n";
    expect(findingsOf(urlDependencyUndeclared, { compose })).toEqual([]);
  });
  it("counts a URL the service reads from its env_file (the container sees it all the same)", () => {
    const compose = "services:\n  api:\n    image: node:20\n    env_file: api.env\n  db:\n    image: postgres:15\n";
    expect(findingsOf(urlDependencyUndeclared, { compose, files: { "api.env": "DATABASE_URL=postgres://app@db:5432/app\n" } })).toMatchObject([{ message: '"api" connects to "db" (DATABASE_URL) but does not depend on it' }]);
  });
  it("survives a depends_on cycle", () => {
    const compose = "services:\n  a:\n    image: node:20\n    depends_on: [b]\n    environment:\n      C_URL: http://c:1\n  b:\n    image: node:20\n    depends_on: [a]\n  c:\n    image: node:20\n";
    expect(findingsOf(urlDependencyUndeclared, { compose })).toMatchObject([{ message: '"a" connects to "c" (C_URL) but does not depend on it' }]);
  });
});
