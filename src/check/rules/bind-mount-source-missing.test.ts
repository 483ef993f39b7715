import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { bindMountSourceMissing } from "./bind-mount-source-missing.js";

const compose = "services:\n  db:\n    image: postgres:15\n    volumes:\n      - ./init-db.sql:/docker-entrypoint-initdb.d/init.sql:ro\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata: {}\n";

describe("bind-mount-source-missing", () => {
  it("is an error when a missing source is a file the container reads", () => {
    expect(findingsOf(bindMountSourceMissing, { compose })).toMatchObject([{ line: 5, severity: "error", message: expect.stringContaining('"init-db.sql"') }]);
    const nginx = "services:\n  web:\n    image: nginx:1.22\n    volumes: ['./conf/default:/etc/nginx/conf.d/default.conf:ro']\n";
    expect(findingsOf(bindMountSourceMissing, { compose: nginx })).toMatchObject([{ severity: "error" }]);
  });
  it("is info for an output folder the container writes (Docker creates it)", () => {
    const output = "services:\n  tests:\n    image: node:20\n    volumes:\n      - ./frontend/test-results:/app/test-results\n      - ./htmlcov:/app/htmlcov\n";
    expect(findingsOf(bindMountSourceMissing, { compose: output }).map((finding) => finding.severity)).toEqual(["info", "info"]);
  });
  it("is a warning for a read-only folder, which stays empty", () => {
    const readOnly = "services:\n  db:\n    image: postgres:15\n    volumes: ['./initdb:/docker-entrypoint-initdb.d:ro']\n";
    expect(findingsOf(bindMountSourceMissing, { compose: readOnly })).toMatchObject([{ severity: "warning" }]);
  });
  it("stays quiet when it exists", () => {
    expect(findingsOf(bindMountSourceMissing, { compose, files: { "init-db.sql": "select 1;" } })).toEqual([]);
  });
});
