import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caughtConfigError } from "../testing/caught.js";
import { maxComposeFileBytes, readBoundedText } from "./bounded-read.js";
import { readComposeFile } from "./read.js";
import { readDotenvFile } from "./dotenv.js";

const options = { code: "test.read", hint: "h" };


describe("readBoundedText", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "berth-bounded-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a regular file", () => {
    writeFileSync(join(dir, "a.yaml"), "services: {}\n");
    expect(readBoundedText(join(dir, "a.yaml"), 100, "compose file", options)).toBe("services: {}\n");
  });

  it("refuses a file past the limit, naming it and the limit", () => {
    writeFileSync(join(dir, "big.yaml"), "#".repeat(1001));
    const error = caughtConfigError(() => readBoundedText(join(dir, "big.yaml"), 1000, "compose file", options));
    expect(error.code).toBe("input.too-large");
    expect(error.message).toBe(`compose file ${join(dir, "big.yaml")} is larger than 0 MiB, the most berth reads`);
    expect(error.hint).toMatch(/docs\/limits\.md/);
    writeFileSync(join(dir, "edge.yaml"), "#".repeat(1000));
    expect(readBoundedText(join(dir, "edge.yaml"), 1000, "compose file", options)).toHaveLength(1000);
  });

  it.runIf(process.platform === "linux")("refuses a FIFO at once, without waiting for a writer", () => {
    const fifo = join(dir, "pipe.yaml");
    execFileSync("mkfifo", [fifo]);
    const started = Date.now();
    const error = caughtConfigError(() => readBoundedText(fifo, 1000, "compose file", options));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.message).toBe(`compose file ${fifo} is a FIFO (named pipe)`);
    expect(error.code).toBe("input.not-a-file");
  });

  it.runIf(process.platform === "linux")("refuses devices that never end, and stops at the limit on files that say size 0", () => {
    expect(caughtConfigError(() => readBoundedText("/dev/urandom", 1000, "compose file", options)).message).toBe("compose file /dev/urandom is a device");
    expect(caughtConfigError(() => readBoundedText("/dev/zero", 1000, "env file", options)).message).toBe("env file /dev/zero is a device");
    // /proc files report size 0; the limit is counted on what is read.
    expect(caughtConfigError(() => readBoundedText("/proc/self/maps", 10, "compose file", options)).code).toBe("input.too-large");
  });

  it("names a folder and a missing file with the caller's code", () => {
    mkdirSync(join(dir, "folder"));
    expect(caughtConfigError(() => readBoundedText(join(dir, "folder"), 1000, "compose file", options)).message).toMatch(/is a directory$/);
    const missing = caughtConfigError(() => readBoundedText(join(dir, "nope.yaml"), 1000, "compose file", options));
    expect(missing.code).toBe("test.read");
    expect(missing.message).toBe(`cannot read compose file ${join(dir, "nope.yaml")}: no such file`);
  });

  it("bounds compose files at 4 MiB and env files at 1 MiB through the loader's readers", () => {
    writeFileSync(join(dir, "huge.yaml"), `services: {}\n${"#".repeat(maxComposeFileBytes)}`);
    expect(caughtConfigError(() => readComposeFile(join(dir, "huge.yaml"))).message).toMatch(/is larger than 4 MiB/);
    writeFileSync(join(dir, "huge.env"), `A=${"x".repeat(1024 * 1024)}\n`);
    expect(caughtConfigError(() => readDotenvFile(join(dir, "huge.env"))).message).toMatch(/env file .*huge\.env is larger than 1 MiB/);
    expect(readComposeFile(join(dir, "a.yaml")).text).toBe("services: {}\n");
  });
});
