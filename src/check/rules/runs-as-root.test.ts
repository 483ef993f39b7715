import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { runsAsRoot } from "./runs-as-root.js";

const compose = "services:\n  app:\n    build: .\n";

describe("runs-as-root", () => {
  it("fires without USER", () => {
    expect(findingsOf(runsAsRoot, { compose, files: { Dockerfile: "FROM python:3.11-slim\nCMD python main.py\n" } })).toMatchObject([{ file: "Dockerfile", line: 1 }]);
  });
  it("stays quiet with a USER inherited from an earlier stage", () => {
    expect(findingsOf(runsAsRoot, { compose, files: { Dockerfile: "FROM node:20-slim AS base\nUSER node\nFROM base\nCMD node x.js\n" } })).toEqual([]);
  });
});
