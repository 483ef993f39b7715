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

describe("service-reference-unknown on listener settings", () => {
  it("stays quiet on bind and advertised listener addresses (Kafka), which are the service's own", () => {
    const kafka = "services:\n  kafka:\n    image: confluentinc/cp-kafka:7.6.1\n    environment:\n      KAFKA_LISTENERS: PLAINTEXT://0.0.0.0:29092,INTERNAL://0.0.0.0:9093\n      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://127.0.0.1:29092,INTERNAL://kafka:9093\n  web:\n    image: node:20\n    environment:\n      API_BIND_HOST: 0.0.0.0\n";
    expect(findingsOf(serviceReferenceUnknown, { compose: kafka })).toEqual([]);
  });
  it("still fires on a connection setting that names the container itself", () => {
    const list = "services:\n  api:\n    image: node:20\n    environment:\n      - DATABASE_URL=postgres://app@127.0.0.1:5432/app\n  db:\n    image: postgres:15\n";
    expect(findingsOf(serviceReferenceUnknown, { compose: list })).toMatchObject([{ line: 5 }]);
  });
});
