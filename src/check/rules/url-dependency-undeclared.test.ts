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
