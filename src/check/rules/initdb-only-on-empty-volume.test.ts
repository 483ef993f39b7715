import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { initdbOnlyOnEmptyVolume } from "./initdb-only-on-empty-volume.js";

describe("initdb-only-on-empty-volume", () => {
  it("fires on init scripts with a named data volume", () => {
    const compose = "services:\n  db:\n    image: postgres:15\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n      - ./init:/docker-entrypoint-initdb.d\nvolumes:\n  pgdata: {}\n";
    expect(findingsOf(initdbOnlyOnEmptyVolume, { compose })).toMatchObject([{ line: 6 }]);
  });
  it("stays quiet without init scripts", () => {
    const compose = "services:\n  db:\n    image: postgres:15\n    volumes: ['pgdata:/var/lib/postgresql/data']\nvolumes:\n  pgdata: {}\n";
    expect(findingsOf(initdbOnlyOnEmptyVolume, { compose })).toEqual([]);
  });
});
