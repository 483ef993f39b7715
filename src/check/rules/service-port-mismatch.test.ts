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
