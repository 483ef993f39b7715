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
