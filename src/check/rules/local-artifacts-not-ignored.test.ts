import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { localArtifactsNotIgnored } from "./local-artifacts-not-ignored.js";

const compose = "services:\n  api:\n    build: .\n";
const files = { Dockerfile: "FROM python:3.11-slim\nCOPY . .\n", ".venv/bin/python": "", "main.py": "" };

describe("local-artifacts-not-ignored", () => {
  it("fires when .venv is not ignored (venv/ does not cover it)", () => {
    expect(findingsOf(localArtifactsNotIgnored, { compose, files: { ...files, ".dockerignore": "venv/\n" } })).toMatchObject([{ line: 2, message: expect.stringContaining(".venv") }]);
  });
  it("stays quiet when it is ignored", () => {
    expect(findingsOf(localArtifactsNotIgnored, { compose, files: { ...files, ".dockerignore": ".venv\n" } })).toEqual([]);
  });
});
