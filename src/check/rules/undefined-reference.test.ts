import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { undefinedReference } from "./undefined-reference.js";

describe("undefined-reference", () => {
  it("fires on an undefined named volume and dependency", () => {
    const compose = "services:\n  api:\n    image: node:20\n    depends_on: [cache]\n  db:\n    image: postgres:15\n    volumes: ['pgdata:/var/lib/postgresql/data']\n";
    const findings = findingsOf(undefinedReference, { compose });
    expect(findings.map((finding) => finding.message)).toEqual([
      'service "api" refers to undefined service "cache"',
      'service "db" refers to undefined volume "pgdata"',
    ]);
  });
  it("stays quiet when everything is defined", () => {
    const compose = "services:\n  api:\n    image: node:20\n    depends_on: [db]\n    networks: [back]\n  db:\n    image: postgres:15\n    volumes: ['pgdata:/var/lib/postgresql/data']\nvolumes:\n  pgdata: {}\nnetworks:\n  back: {}\n";
    expect(findingsOf(undefinedReference, { compose })).toEqual([]);
  });
});

describe("undefined-reference, every kind of reference", () => {
  it("names an undefined service in network_mode, an undefined network and an undefined secret, each at its key", () => {
    const compose = [
      "services:",
      "  api:",
      "    image: node:20",
      "    network_mode: service:vpn",
      "  worker:",
      "    image: node:20",
      "    networks: [back]",
      "    secrets: [db_password]",
      "",
    ].join("\n");
    expect(findingsOf(undefinedReference, { compose }).map((finding) => [finding.line, finding.message, finding.hint])).toEqual([
      [4, 'service "api" refers to undefined service "vpn"', 'define service "vpn" or fix the name'],
      [7, 'service "worker" refers to undefined network "back"', 'define network "back" or fix the name'],
      [8, 'service "worker" refers to undefined secret "db_password"', 'define secret "db_password" or fix the name'],
    ]);
  });

  it("accepts a dependency on a service that only another profile enables, and the default network", () => {
    const compose = "services:\n  api:\n    image: node:20\n    depends_on: [debug]\n    networks: [default]\n  debug:\n    image: node:20\n    profiles: [debug]\n";
    expect(findingsOf(undefinedReference, { compose, profiles: ["other"] })).toEqual([]);
  });

  it("reports a bind mount never, and a defined secret not", () => {
    const compose = "services:\n  api:\n    image: node:20\n    volumes: ['./data:/data']\n    secrets: [token]\nsecrets:\n  token: { file: ./token.txt }\n";
    expect(findingsOf(undefinedReference, { compose, files: { "token.txt": "t" } })).toEqual([]);
  });
});

describe("undefined-reference and volumes_from", () => {
  it("names a volumes_from of an undefined service at its line, and accepts one of a defined service", () => {
    const compose = (from: string) => `services:\n  api:\n    image: node:20\n    volumes_from: [${from}]\n  data:\n    image: busybox:1.36\n`;
    expect(findingsOf(undefinedReference, { compose: compose("cache") })).toMatchObject([{ line: 4, severity: "error", message: 'service "api" refers to undefined service "cache"' }]);
    expect(findingsOf(undefinedReference, { compose: compose("data") })).toEqual([]);
    expect(findingsOf(undefinedReference, { compose: compose("data:ro") })).toEqual([]);
  });
});
