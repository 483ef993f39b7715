import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { outputRedirectedToFile } from "./output-redirected-to-file.js";

const compose = "services:\n  aidb:\n    build: .\n";
const dockerfile = 'FROM python:3.11-slim\nCOPY entrypoint.sh /usr/local/bin/aidb-entrypoint.sh\nENTRYPOINT ["aidb-entrypoint.sh"]\n';

describe("output-redirected-to-file", () => {
  it("fires on an entrypoint script that appends the server output to a log file", () => {
    const files = { Dockerfile: dockerfile, "entrypoint.sh": "#!/bin/sh\nset -e\nexec python /app/server.py >>/var/log/aidb/server.log 2>&1\n" };
    expect(findingsOf(outputRedirectedToFile, { compose, files })).toMatchObject([{ file: "entrypoint.sh", line: 3 }]);
  });
  it("fires on a shell-form CMD with a redirection", () => {
    expect(findingsOf(outputRedirectedToFile, { compose, files: { Dockerfile: "FROM python:3.11-slim\nCMD python app.py > /tmp/app.log 2>&1\n" } })).toMatchObject([{ file: "Dockerfile", line: 2 }]);
  });
  it("stays quiet when output goes to stdout or setup steps log to a file", () => {
    const files = { Dockerfile: dockerfile, "entrypoint.sh": "#!/bin/sh\npython migrate.py > /tmp/migrate.log\nexec python /app/server.py 2>&1\n" };
    expect(findingsOf(outputRedirectedToFile, { compose, files })).toEqual([]);
  });
});
