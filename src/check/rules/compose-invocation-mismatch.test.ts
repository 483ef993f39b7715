import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { composeInvocationMismatch } from "./compose-invocation-mismatch.js";

const compose = "services:\n  backend:\n    build: ./backend\n";
const devOverride = "services:\n  backend:\n    volumes: ['./backend/src:/app/src']\n";

describe("compose-invocation-mismatch", () => {
  it("fires on an override used alone and on a missing --env-file", () => {
    const makefile = "dev:\n\tdocker-compose -f docker-compose.dev.yml up\nup:\n\tdocker compose --env-file .env.docker up -d\nlogs:\n\tdocker compose --env-file .env.docker logs -f\ndown:\n\tdocker compose down\n";
    const findings = findingsOf(composeInvocationMismatch, { compose, files: { Makefile: makefile, "docker-compose.dev.yml": devOverride } });
    expect(findings.map((finding) => [finding.file, finding.line])).toEqual([["Makefile", 2], ["Makefile", 8]]);
  });
  it("stays quiet when base and override go together with the same env file", () => {
    const makefile = "dev:\n\tdocker compose --env-file .env -f compose.yaml -f docker-compose.dev.yml up\nup:\n\tdocker compose --env-file .env up -d\n";
    expect(findingsOf(composeInvocationMismatch, { compose, files: { Makefile: makefile, "docker-compose.dev.yml": devOverride } })).toEqual([]);
  });
});

describe("compose-invocation-mismatch in other scripts and forms", () => {
  it("reads package.json scripts and --file=, and names the override's service in the message", () => {
    const pkg = JSON.stringify({ scripts: { dev: "docker compose --file=docker-compose.dev.yml up" } }, null, 2);
    const [finding] = findingsOf(composeInvocationMismatch, { compose, files: { "package.json": pkg, "docker-compose.dev.yml": devOverride } });
    expect(finding).toMatchObject({ file: "package.json", line: 3, message: 'compose runs docker-compose.dev.yml alone, but its service "backend" has no image or build (it is an override)', hint: "pass the base file too: -f compose.yaml -f docker-compose.dev.yml" });
  });

  it("accepts a file alone when it is complete, extends another, is missing or unreadable", () => {
    const script = (file: string) => ({ "deploy.sh": `#!/bin/sh\ndocker compose -f ${file} up -d\n` });
    const cases: Record<string, string>[] = [
      { ...script("prod.yml"), "prod.yml": "services:\n  backend:\n    image: shop/backend:1\n" },
      { ...script("ext.yml"), "ext.yml": "services:\n  backend:\n    extends: { file: compose.yaml, service: backend }\n" },
      script("absent.yml"),
      { ...script("broken.yml"), "broken.yml": "services: [unclosed\n" },
    ];
    for (const files of cases) expect(findingsOf(composeInvocationMismatch, { compose, files }), Object.keys(files).join(",")).toEqual([]);
  });

  it("names the env file the other commands use", () => {
    const script = "docker compose --env-file .env.prod up -d\ndocker compose ps\n";
    expect(findingsOf(composeInvocationMismatch, { compose, files: { "scripts/deploy.sh": script } }).map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual(["scripts/deploy.sh:2 this compose command has no --env-file, while others in the file use --env-file .env.prod"]);
  });
});
