import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { duplicateHostPort } from "./duplicate-host-port.js";

describe("duplicate-host-port", () => {
  it("fires when two services publish 8080", () => {
    const compose = "services:\n  web:\n    image: nginx:1.22\n    ports: ['8080:80']\n  admin:\n    image: node:20\n    ports: ['8080:8080']\n";
    expect(findingsOf(duplicateHostPort, { compose })).toMatchObject([{ line: 7, message: expect.stringContaining('"web"') }]);
  });
  it("stays quiet on different ports or different loopback addresses", () => {
    const compose = "services:\n  web:\n    image: nginx:1.22\n    ports: ['127.0.0.1:8080:80']\n  admin:\n    image: node:20\n    ports: ['127.0.0.2:8080:8080', '9090:9090']\n";
    expect(findingsOf(duplicateHostPort, { compose })).toEqual([]);
  });
});
