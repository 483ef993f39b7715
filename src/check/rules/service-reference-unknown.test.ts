import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { serviceReferenceUnknown } from "./service-reference-unknown.js";

const compose = (env: string) => `services:\n  api:\n    image: node:20\n    environment:\n${env}  qdrant:\n    image: qdrant/qdrant:v1.9.0\n  cache:\n    image: redis:7\n`;

describe("service-reference-unknown", () => {
  it("fires on localhost and on an unknown service name", () => {
    const findings = findingsOf(serviceReferenceUnknown, { compose: compose("      REDIS_URL: redis://localhost:6379\n      QDRANT_HOST: vectordb\n") });
    expect(findings.map((finding) => finding.message)).toEqual([
      'REDIS_URL of "api" points at localhost, which inside a container is the container itself',
      'QDRANT_HOST of "api" points at "vectordb", which is not a service of this project',
    ]);
  });
  it("stays quiet on service names and external hosts", () => {
    expect(findingsOf(serviceReferenceUnknown, { compose: compose("      REDIS_URL: redis://cache:6379\n      QDRANT_HOST: qdrant\n      API_URL: https://api.example.com\n") })).toEqual([]);
  });
});
