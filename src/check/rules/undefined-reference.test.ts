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
