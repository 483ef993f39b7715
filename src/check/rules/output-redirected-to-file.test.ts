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

describe("output-redirected-to-file: what counts as hiding the output", () => {
  const script = (text: string) => findingsOf(outputRedirectedToFile, { compose, files: { Dockerfile: dockerfile, "entrypoint.sh": text } });
  it("reads the last command when the script has no exec, at its column", () => {
    expect(script("#!/bin/sh\n# start\n  gunicorn app:app > $LOG_DIR/app.log\n")).toMatchObject([{ file: "entrypoint.sh", line: 3, column: 3, message: "the entrypoint script sends the server's output to a file; docker logs will be empty" }]);
  });
  it("fires on an exec-form CMD that redirects through sh -c", () => {
    const files = { Dockerfile: 'FROM python:3.11-slim\nCMD ["sh", "-c", "python app.py >> /var/log/app.log"]\n' };
    expect(findingsOf(outputRedirectedToFile, { compose, files })).toMatchObject([{ line: 2, message: "CMD sends the process output to a file; docker logs will be empty" }]);
  });
  it.each([
    ["/dev/stdout", "#!/bin/sh\nexec python app.py > /dev/stdout 2>&1\n"],
    ["/proc/1/fd/1", "#!/bin/sh\nexec python app.py >> /proc/1/fd/1\n"],
    ["/dev/null", "#!/bin/sh\nexec python app.py > /dev/null\n"],
    ["a comparison", "#!/bin/sh\nexec python app.py --workers=4\n"],
  ])("stays quiet when output goes to %s", (_name, text) => {
    expect(script(text)).toEqual([]);
  });
});
