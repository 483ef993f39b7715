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
