import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { dockerignoreMissing } from "./dockerignore-missing.js";

const compose = "services:\n  api:\n    build: .\n";
const Dockerfile = "FROM node:20-slim\nCOPY . .\n";

describe("dockerignore-missing", () => {
  it("fires on COPY . . without .dockerignore", () => {
    expect(findingsOf(dockerignoreMissing, { compose, files: { Dockerfile } })).toMatchObject([{ line: 2 }]);
  });
  it("stays quiet with a .dockerignore or a Dockerfile-specific one", () => {
    expect(findingsOf(dockerignoreMissing, { compose, files: { Dockerfile, ".dockerignore": "node_modules\n" } })).toEqual([]);
    expect(findingsOf(dockerignoreMissing, { compose, files: { Dockerfile, "Dockerfile.dockerignore": "node_modules\n" } })).toEqual([]);
  });
});
