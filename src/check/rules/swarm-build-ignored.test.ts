import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { swarmBuildIgnored } from "./swarm-build-ignored.js";

const dockerfile = { "api/Dockerfile": "FROM node:20-bookworm-slim\nCMD [\"node\", \"server.js\"]\n" };

describe("swarm-build-ignored", () => {
  it("warns at build when the service also names its image", () => {
    const findings = findingsOf(swarmBuildIgnored, { compose: "services:\n  api:\n    build: ./api\n    image: shop-api:1.4\n", files: dockerfile });
    expect(findings).toMatchObject([{ line: 3, severity: "warning" }]);
    expect(findings[0]?.message).toContain('image "shop-api:1.4"');
  });
  it("is an error when there is no image to deploy at all", () => {
    const findings = findingsOf(swarmBuildIgnored, { compose: "services:\n  api:\n    build:\n      context: ./api\n", files: dockerfile });
    expect(findings).toMatchObject([{ line: 3, severity: "error" }]);
    expect(findings[0]?.message).toContain("no image specified");
  });
  it("stays quiet for a service that only names an image", () => {
    expect(findingsOf(swarmBuildIgnored, { compose: "services:\n  db:\n    image: postgres:15\n" })).toEqual([]);
  });
});
