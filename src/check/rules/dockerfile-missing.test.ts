import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { dockerfileMissing } from "./dockerfile-missing.js";

const compose = "services:\n  api:\n    build:\n      context: ./services\n      dockerfile: Dockerfile\n";

describe("dockerfile-missing", () => {
  it("fires when the Dockerfile is not where the context says", () => {
    expect(findingsOf(dockerfileMissing, { compose, files: { "services/api/Dockerfile": "FROM node:20\n" } })).toMatchObject([{ message: expect.stringContaining('Dockerfile "services/Dockerfile"') }]);
  });
  it("stays quiet when it exists", () => {
    expect(findingsOf(dockerfileMissing, { compose, files: { "services/Dockerfile": "FROM node:20\n" } })).toEqual([]);
  });
});
