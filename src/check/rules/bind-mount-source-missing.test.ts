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

describe("bind-mount-source-missing: which sources it judges", () => {
  const volumes = (list: string) => `services:\n  app:\n    image: node:20\n    volumes:\n${list}`;
  it("shows the source relative to the project, and the hint for a file", () => {
    expect(findingsOf(bindMountSourceMissing, { compose: volumes("      - ./config/app.yaml:/app/config.yaml:ro\n") })).toMatchObject([{
      line: 5, severity: "error",
      message: 'bind mount source "config/app.yaml" does not exist; the container gets an empty directory where it expects this file',
      hint: "fix the path (relative to the project directory) or create the file",
    }]);
  });
  it("treats .d folders and dot folders as folders", () => {
    const findings = findingsOf(bindMountSourceMissing, { compose: volumes("      - ./nginx/conf.d:/etc/nginx/conf.d\n      - ./.cache:/root/.cache\n") });
    expect(findings.map((finding) => finding.severity)).toEqual(["info", "info"]);
  });
  it("skips sources outside the project, in the home folder, the docker socket and variables", () => {
    const list = "      - /srv/shared/data:/data\n      - ~/.ssh:/root/.ssh:ro\n      - /var/run/docker.sock:/var/run/docker.sock\n      - $${HOME}/x:/x\n";
    expect(findingsOf(bindMountSourceMissing, { compose: volumes(list) })).toEqual([]);
  });
  it("counts an existing folder as present", () => {
    expect(findingsOf(bindMountSourceMissing, { compose: volumes("      - ./src:/app/src\n"), files: { "src/index.js": "" } })).toEqual([]);
  });
});
