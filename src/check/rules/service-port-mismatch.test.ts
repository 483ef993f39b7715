import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { servicePortMismatch } from "./service-port-mismatch.js";

const compose = (url: string) => `services:\n  api:\n    image: node:20\n    environment:\n      DATABASE_URL: ${url}\n  db:\n    image: postgres:15\n    ports: ['127.0.0.1:5433:5432']\n`;

describe("service-port-mismatch", () => {
  it("fires on the published host port used between containers", () => {
    expect(findingsOf(servicePortMismatch, { compose: compose("postgresql://app:pw@db:5433/app") })).toMatchObject([{ line: 5, message: expect.stringContaining("published host port") }]);
  });
  it("stays quiet on the container port or the scheme default", () => {
    expect(findingsOf(servicePortMismatch, { compose: compose("postgresql://app:pw@db:5432/app") })).toEqual([]);
    expect(findingsOf(servicePortMismatch, { compose: compose("postgresql://app:pw@db/app") })).toEqual([]);
  });
});

describe("service-port-mismatch on what an image may listen on", () => {
  const n8n = (uri: string) => `services:\n  n8n:\n    image: docker.n8n.io/n8nio/n8n:1.80.0\n    ports: ['5678:5678']\n  runner:\n    image: n8nio/runners:1.80.0\n    environment:\n      N8N_RUNNERS_TASK_BROKER_URI: ${uri}\n`;
  it("stays quiet on an unpublished port of an image service (it may listen on more than it publishes)", () => {
    expect(findingsOf(servicePortMismatch, { compose: n8n("http://n8n:5679") })).toEqual([]);
  });
  it("is a warning for a built service whose Dockerfile declares other ports", () => {
    const compose = "services:\n  api:\n    build: .\n  web:\n    image: node:20\n    environment:\n      API_URL: http://api:9000\n";
    expect(findingsOf(servicePortMismatch, { compose, files: { Dockerfile: "FROM node:20\nEXPOSE 8000\n" } })).toMatchObject([{ severity: "warning", line: 7 }]);
  });
  it("is an error on a datastore's wrong port", () => {
    const compose = "services:\n  api:\n    image: node:20\n    environment:\n      REDIS_URL: redis://cache:6380\n  cache:\n    image: redis:7\n";
    expect(findingsOf(servicePortMismatch, { compose })).toMatchObject([{ severity: "error" }]);
  });
});
