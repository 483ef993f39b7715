import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { composeInvocationMismatch } from "./compose-invocation-mismatch.js";

const compose = "services:\n  backend:\n    build: ./backend\n";
const devOverride = "services:\n  backend:\n    volumes: ['./backend/src:/app/src']\n";

describe("compose-invocation-mismatch", () => {
  it("fires on an override used alone and on a missing --env-file", () => {
    const makefile = "dev:\n\tdocker-compose -f docker-compose.dev.yml up\nup:\n\tdocker compose --env-file .env.docker up -d\nlogs:\n\tdocker compose --env-file .env.docker logs -f\ndown:\n\tdocker compose down\n";
    const findings = findingsOf(composeInvocationMismatch, { compose, files: { Makefile: makefile, "docker-compose.dev.yml": devOverride } });
    expect(findings.map((finding) => [finding.file, finding.line])).toEqual([["Makefile", 2], ["Makefile", 8]]);
  });
  it("stays quiet when base and override go together with the same env file", () => {
    const makefile = "dev:\n\tdocker compose --env-file .env -f compose.yaml -f docker-compose.dev.yml up\nup:\n\tdocker compose --env-file .env up -d\n";
    expect(findingsOf(composeInvocationMismatch, { compose, files: { Makefile: makefile, "docker-compose.dev.yml": devOverride } })).toEqual([]);
  });
});
