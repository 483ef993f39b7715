import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { copyOutsideContext } from "./copy-outside-context.js";

const compose = "services:\n  web:\n    build: ./apps/web\n";

describe("copy-outside-context", () => {
  it("fires on ../ sources", () => {
    const files = { "apps/web/Dockerfile": "FROM node:20-slim\nCOPY ../../packages/ui ./packages/ui\n" };
    expect(findingsOf(copyOutsideContext, { compose, files })).toMatchObject([{ line: 2 }]);
  });
  it("stays quiet on sources inside the context", () => {
    const files = { "apps/web/Dockerfile": "FROM node:20-slim\nCOPY ./src ./src\n" };
    expect(findingsOf(copyOutsideContext, { compose, files })).toEqual([]);
  });
});
