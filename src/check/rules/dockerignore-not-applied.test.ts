import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { dockerignoreNotApplied } from "./dockerignore-not-applied.js";

const compose = "services:\n  brain:\n    build:\n      context: ./services\n      dockerfile: brain_runtime/Dockerfile\n";
const files = { "services/brain_runtime/Dockerfile": "FROM python:3.11-slim\nCOPY . .\n", "services/brain_runtime/.dockerignore": ".venv\n" };

describe("dockerignore-not-applied", () => {
  it("fires when the ignore file sits beside the Dockerfile, not at the context root", () => {
    expect(findingsOf(dockerignoreNotApplied, { compose, files })).toMatchObject([{ message: expect.stringContaining("services/brain_runtime/.dockerignore is not used") }]);
  });
  it("stays quiet when the context root has one", () => {
    expect(findingsOf(dockerignoreNotApplied, { compose, files: { ...files, "services/.dockerignore": ".venv\n" } })).toEqual([]);
  });
});
