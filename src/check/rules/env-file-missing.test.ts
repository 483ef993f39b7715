import { describe, expect, it } from "vitest";
import { checkFixture, findingsOf } from "../testing/check-fixture.js";
import { allRules } from "./index.js";
import { envFileMissing } from "./env-file-missing.js";

const compose = "services:\n  api:\n    image: node:20\n    env_file:\n      - .env.production\n      - { path: .env.local, required: false }\n";

describe("env-file-missing", () => {
  it("fires on a required env_file that is missing", () => {
    expect(findingsOf(envFileMissing, { compose })).toMatchObject([{ line: 5, message: expect.stringContaining(".env.production") }]);
  });
  it("stays quiet when it exists", () => {
    expect(findingsOf(envFileMissing, { compose, files: { ".env.production": "A=1\n" } })).toEqual([]);
  });
});

describe("env-file-missing on a fresh clone", () => {
  it("leaves every other rule running (the loader keeps going without the file)", () => {
    const fresh = "services:\n  api:\n    image: node\n    env_file: .env\n    ports: ['9229:9229']\n    command: node --inspect=0.0.0.0:9229 server.js\n";
    const rules = checkFixture({ compose: fresh }, allRules).map((finding) => finding.rule);
    expect(rules).toEqual(expect.arrayContaining(["env-file-missing", "image-unpinned", "debug-port-published"]));
    expect(rules).not.toContain("compose-invalid");
  });
  it("reports it in the file that declares it (docker-compose.yml), not compose.yaml", () => {
    const findings = checkFixture({ compose: "", files: { "docker-compose.yml": compose }, composeFiles: ["docker-compose.yml"] }, [envFileMissing]);
    expect(findings).toMatchObject([{ file: "docker-compose.yml", line: 5, message: 'env_file ".env.production" of "api" does not exist' }]);
  });
});

describe("env-file-missing, one file read by several services", () => {
  it("is one finding naming every service", () => {
    const shared = "services:\n  api:\n    image: node:20\n    env_file: .env\n  worker:\n    image: node:20\n    env_file: .env\n";
    expect(findingsOf(envFileMissing, { compose: shared })).toMatchObject([{ line: 4, message: 'env_file ".env" of "api", "worker" does not exist' }]);
  });
});
