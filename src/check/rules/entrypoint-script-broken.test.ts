import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { entrypointScriptBroken } from "./entrypoint-script-broken.js";

const compose = "services:\n  api:\n    build: .\n";
const dockerfile = (base: string) => `FROM ${base}\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n`;

describe("entrypoint-script-broken", () => {
  it("fires on bash on alpine, on CRLF, and on a missing exec bit", () => {
    const bash = findingsOf(entrypointScriptBroken, { compose, files: { Dockerfile: dockerfile("node:20-alpine"), "entrypoint.sh": "#!/bin/bash\nexec node x.js\n" }, modes: { "entrypoint.sh": 0o755 } });
    expect(bash).toMatchObject([{ line: 3, message: expect.stringContaining("has no bash") }]);
    const crlf = findingsOf(entrypointScriptBroken, { compose, files: { Dockerfile: dockerfile("node:20-slim"), "entrypoint.sh": "#!/bin/sh\r\nexec node x.js\r\n" }, modes: { "entrypoint.sh": 0o755 } });
    expect(crlf).toMatchObject([{ message: expect.stringContaining("CRLF") }]);
    const mode = findingsOf(entrypointScriptBroken, { compose, files: { Dockerfile: dockerfile("node:20-slim"), "entrypoint.sh": "#!/bin/sh\n" }, modes: { "entrypoint.sh": 0o644 } });
    expect(mode).toMatchObject([{ message: expect.stringContaining("not executable") }]);
  });
  it("stays quiet on a portable executable script", () => {
    const files = { Dockerfile: dockerfile("node:20-alpine"), "entrypoint.sh": "#!/bin/sh\nexec node x.js\n" };
    expect(findingsOf(entrypointScriptBroken, { compose, files, modes: { "entrypoint.sh": 0o755 } })).toEqual([]);
  });
});

describe("entrypoint-script-broken: how the script gets in", () => {
  const check = (dockerfileText: string, script: string, mode = 0o755) =>
    findingsOf(entrypointScriptBroken, { compose, files: { Dockerfile: dockerfileText, "entrypoint.sh": script }, modes: { "entrypoint.sh": mode } });
  it("names the script and reads #!/usr/bin/env shebangs", () => {
    expect(check(dockerfile("node:20-alpine"), "#!/usr/bin/env bash\nexec node x.js\n")).toMatchObject([{ message: "/entrypoint.sh starts with #!/usr/bin/env, but node:20-alpine has no bash" }]);
  });
  it("accepts bash on alpine once the Dockerfile installs it", () => {
    const text = 'FROM node:20-alpine\nRUN apk add --no-cache bash\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n';
    expect(check(text, "#!/bin/bash\nexec node x.js\n")).toEqual([]);
  });
  it("accepts a non-executable script copied with --chmod or fixed with RUN chmod", () => {
    const chmodFlag = 'FROM node:20-slim\nCOPY --chmod=755 entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n';
    expect(check(chmodFlag, "#!/bin/sh\n", 0o644)).toEqual([]);
    const runChmod = 'FROM node:20-slim\nCOPY entrypoint.sh /entrypoint.sh\nRUN chmod +x /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n';
    expect(check(runChmod, "#!/bin/sh\n", 0o644)).toEqual([]);
  });
  it("resolves a relative script path against WORKDIR and checks CMD too", () => {
    const text = 'FROM node:20-slim\nWORKDIR /app\nCOPY entrypoint.sh ./entrypoint.sh\nCMD ["./entrypoint.sh"]\n';
    expect(check(text, "#!/bin/sh\r\nexec node x.js\r\n")).toMatchObject([{ line: 4, message: expect.stringContaining("./entrypoint.sh has Windows (CRLF) line endings") }]);
  });
  it("stays quiet on shell-form entrypoints and scripts that are not from the build context", () => {
    expect(check("FROM node:20-slim\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT /entrypoint.sh\n", "#!/bin/sh\r\n")).toEqual([]);
    expect(check('FROM node:20-slim\nENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]\n', "#!/bin/sh\r\n")).toEqual([]);
  });
});
