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

describe("duplicate-host-port across profiles", () => {
  it("stays quiet on services of profiles that never run together (all profiles are checked)", () => {
    const compose = "services:\n  aio:\n    image: app:1\n    profiles: [default]\n    ports: ['3000:3000']\n  app:\n    image: app:1\n    profiles: [app]\n    ports: ['3000:3000']\n";
    expect(findingsOf(duplicateHostPort, { compose })).toEqual([]);
  });
  it("still fires when a profile service clashes with an always-on one", () => {
    const compose = "services:\n  web:\n    image: app:1\n    ports: ['3000:3000']\n  app:\n    image: app:1\n    profiles: [app]\n    ports: ['3000:3000']\n";
    expect(findingsOf(duplicateHostPort, { compose })).toHaveLength(1);
  });
});
