import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { baseImageUnpinned } from "./base-image-unpinned.js";

const compose = "services:\n  app:\n    build: .\n";

describe("base-image-unpinned", () => {
  it("fires on FROM without tag", () => {
    expect(findingsOf(baseImageUnpinned, { compose, files: { Dockerfile: "FROM node AS build\nFROM build\n" } })).toMatchObject([{ file: "Dockerfile", line: 1 }]);
  });
  it("stays quiet on pinned bases and stage references", () => {
    expect(findingsOf(baseImageUnpinned, { compose, files: { Dockerfile: "FROM node:20-slim AS build\nFROM build\nFROM scratch\n" } })).toEqual([]);
  });
});
