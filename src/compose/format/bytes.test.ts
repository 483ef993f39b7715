import { describe, expect, it } from "vitest";
import { caughtConfigError } from "../testing/caught.js";
import { loadInline } from "../testing/inline-project.js";
import { parseBytes } from "./bytes.js";

describe("parseBytes", () => {
  it.each([
    ["0", 0],
    ["1k", 1024],
    ["1K", 1024],
    ["1kb", 1024],
    ["1KiB", 1024],
    ["2 m", 2 * 1024 ** 2],
    ["  512m  ", 512 * 1024 ** 2],
    ["1t", 1024 ** 4],
    ["1p", 1024 ** 5],
    ["100b", 100],
    ["1.5k", 1536],
    // Fractions of a byte are dropped, as docker's int64 conversion does.
    ["1.0001k", 1024],
  ])("%j is %d bytes", (text, bytes) => {
    expect(parseBytes(text)).toBe(bytes);
  });

  it("takes numbers as bytes, dropping a fraction, and refuses infinities", () => {
    expect(parseBytes(2048)).toBe(2048);
    expect(parseBytes(10.9)).toBe(10);
    expect(parseBytes(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(parseBytes(Number.NaN)).toBeUndefined();
  });

  it.each(["", "m", "-1m", "1x", "1 gigabyte", "1mb2", "0x10", "1.5.3m", "1..5m"])("refuses %j", (text) => {
    expect(parseBytes(text)).toBeUndefined();
  });

  it("refuses what is neither text nor a number", () => {
    expect(parseBytes(true)).toBeUndefined();
    expect(parseBytes(null)).toBeUndefined();
    expect(parseBytes({ limit: "1g" })).toBeUndefined();
  });
});

describe("sizes in a compose file", () => {
  it("are printed as bytes", () => {
    const service = loadInline("services:\n  a:\n    image: x\n    mem_limit: 256m\n    shm_size: 1gb\n").services["a"];
    expect([service?.mem_limit, service?.["shm_size"]]).toEqual(["268435456", "1073741824"]);
  });

  it("that are no number fail at the key, never as NaN", () => {
    const error = caughtConfigError(() => loadInline("services:\n  a:\n    image: x\n    mem_limit: 1.5.3g\n"));
    expect(error.message).toContain('invalid size: "1.5.3g"');
    expect(error.location?.line).toBe(4);
    expect(error.hint).toBe("write sizes like 512m, 1g or 1048576");
  });
});
