import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { bindMountSourceMissing } from "./bind-mount-source-missing.js";

const compose = "services:\n  db:\n    image: postgres:15\n    volumes:\n      - ./init-db.sql:/docker-entrypoint-initdb.d/init.sql:ro\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata: {}\n";

describe("bind-mount-source-missing", () => {
  it("fires when the bind source is missing", () => {
    expect(findingsOf(bindMountSourceMissing, { compose })).toMatchObject([{ line: 5 }]);
  });
  it("stays quiet when it exists", () => {
    expect(findingsOf(bindMountSourceMissing, { compose, files: { "init-db.sql": "select 1;" } })).toEqual([]);
  });
});
