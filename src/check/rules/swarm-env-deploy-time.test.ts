import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { swarmEnvDeployTime } from "./swarm-env-deploy-time.js";

describe("swarm-env-deploy-time", () => {
  it("notes that an env_file is read at deploy time and stored in the service", () => {
    const compose = "services:\n  api:\n    image: a:1\n    env_file:\n      - ./api.env\n";
    const findings = findingsOf(swarmEnvDeployTime, { compose, files: { "api.env": "LOG_LEVEL=info\n" } });
    expect(findings).toMatchObject([{ line: 5, severity: "info" }]);
    expect(findings[0]?.message).toContain("api.env on the deploying machine");
  });
  it("warns at the .env that docker stack deploy does not read it, naming its variables but not their values", () => {
    const compose = "services:\n  api:\n    image: a:1\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD:?set it}\n";
    const findings = findingsOf(swarmEnvDeployTime, { compose, files: { ".env": "# secrets\nDB_PASSWORD=s3cr3t-value\nLOG_LEVEL=info\n" } });
    expect(findings).toMatchObject([{ file: ".env", line: 2, severity: "warning" }]);
    expect(findings[0]?.message).toContain("does not read .env: DB_PASSWORD, LOG_LEVEL must be set");
    expect(findings[0]?.message).not.toContain("s3cr3t-value");
  });
  it("shortens a long list of variables", () => {
    const dotenv = Array.from({ length: 7 }, (_, index) => `V${index}=x`).join("\n") + "\n";
    const findings = findingsOf(swarmEnvDeployTime, { compose: "services:\n  api:\n    image: a:1\n", files: { ".env": dotenv } });
    expect(findings[0]?.message).toContain("V0, V1, V2, V3, V4 and 2 more");
  });
  it("stays quiet without env files", () => {
    expect(findingsOf(swarmEnvDeployTime, { compose: "services:\n  api:\n    image: a:1\n    environment:\n      LOG_LEVEL: info\n" })).toEqual([]);
  });
});
