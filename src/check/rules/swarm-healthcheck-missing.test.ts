import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { swarmHealthcheckMissing } from "./swarm-healthcheck-missing.js";

describe("swarm-healthcheck-missing", () => {
  it("warns at the service, mentioning its update_config", () => {
    const compose = "services:\n  api:\n    image: a:1\n    deploy:\n      update_config:\n        order: start-first\n";
    const findings = findingsOf(swarmHealthcheckMissing, { compose });
    expect(findings).toMatchObject([{ line: 2, severity: "warning" }]);
    expect(findings[0]?.message).toContain("no healthcheck although it has an update_config");
  });
  it("points at a disabled healthcheck", () => {
    const compose = "services:\n  api:\n    image: a:1\n    healthcheck:\n      disable: true\n";
    const findings = findingsOf(swarmHealthcheckMissing, { compose });
    expect(findings).toMatchObject([{ line: 4 }]);
    expect(findings[0]?.message).toContain("its healthcheck disabled");
  });
  it("accepts a healthcheck in compose or in the image's Dockerfile", () => {
    const inCompose = "services:\n  api:\n    image: a:1\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n";
    expect(findingsOf(swarmHealthcheckMissing, { compose: inCompose })).toEqual([]);
    const inImage = "services:\n  api:\n    build: ./api\n    image: a:1\n";
    const files = { "api/Dockerfile": "FROM node:20-bookworm-slim\nHEALTHCHECK CMD node healthcheck.js\nCMD [\"node\", \"server.js\"]\n" };
    expect(findingsOf(swarmHealthcheckMissing, { compose: inImage, files })).toEqual([]);
  });
  it("leaves one-shot jobs alone", () => {
    const compose = "services:\n  api:\n    image: a:1\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n    depends_on:\n      migrate:\n        condition: service_completed_successfully\n  migrate:\n    image: a:1\n";
    expect(findingsOf(swarmHealthcheckMissing, { compose })).toEqual([]);
  });
  it("leaves Swarm jobs alone (they run to completion and are never updated in place)", () => {
    for (const mode of ["replicated-job", "global-job"]) {
      expect(findingsOf(swarmHealthcheckMissing, { compose: `services:\n  migrate:\n    image: a:1\n    deploy:\n      mode: ${mode}\n` })).toEqual([]);
    }
  });
});
