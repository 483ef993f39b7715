import { describe, expect, it } from "vitest";
import { caughtConfigError } from "../testing/caught.js";
import { loadInline } from "../testing/inline-project.js";
import { castForPath, toBoolean, toFloat, toInteger } from "./interpolate-casts.js";

describe("toInteger (strconv.ParseInt, base 10, 64 bits)", () => {
  it.each([
    ["0", 0],
    ["42", 42],
    ["+7", 7],
    ["-3", -3],
    ["007", 7],
    ["9007199254740991", Number.MAX_SAFE_INTEGER],
  ])("%s → %d", (text, value) => {
    expect(toInteger(text)).toEqual({ ok: true, value });
  });

  it("says a number beyond int64 is out of range, and anything else is not a whole number", () => {
    expect(toInteger("9223372036854775808")).toEqual({ ok: false, expected: "whole number", problem: "value out of range" });
    expect(toInteger("-9223372036854775809")).toMatchObject({ ok: false, problem: "value out of range" });
    for (const text of ["", "1.0", "1e3", " 1", "0x10", "two", "1_000"]) expect(toInteger(text)).toEqual({ ok: false, expected: "whole number", problem: "not a whole number" });
  });
});

describe("toFloat (strconv.ParseFloat, decimal forms)", () => {
  it.each([
    ["1", 1],
    ["0.5", 0.5],
    [".5", 0.5],
    ["2.", 2],
    ["-1.25", -1.25],
    ["1e3", 1000],
    ["2.5E-1", 0.25],
  ])("%s → %d", (text, value) => {
    expect(toFloat(text)).toEqual({ ok: true, value });
  });

  it.each(["", ".", "1,5", "NaN", "Inf", "1e", "half"])("refuses %j", (text) => {
    expect(toFloat(text)).toEqual({ ok: false, expected: "number", problem: "not a number" });
  });
});

describe("toBoolean", () => {
  it("reads true and false in any case without a warning", () => {
    expect([toBoolean("true"), toBoolean("FALSE"), toBoolean("True")]).toEqual([
      { ok: true, value: true },
      { ok: true, value: false },
      { ok: true, value: true },
    ]);
  });

  it.each([
    ["yes", true],
    ["Y", true],
    ["on", true],
    ["no", false],
    ["N", false],
    ["OFF", false],
  ])("reads the YAML 1.1 word %s as %s, with compose's warning", (text, value) => {
    expect(toBoolean(text)).toEqual({ ok: true, value, warning: `"${text}" for boolean is not supported by YAML 1.2, please use \`${String(value)}\`` });
  });

  it.each(["1", "0", "", "enabled", "truee"])("refuses %j", (text) => {
    expect(toBoolean(text)).toEqual({ ok: false, expected: "boolean (true or false)", problem: `invalid boolean: ${text}` });
  });
});

describe("castForPath", () => {
  it("finds the cast of a typed field: `*` any key, `[]` any index", () => {
    expect(castForPath(["services", "web", "deploy", "replicas"])).toBe(toInteger);
    expect(castForPath(["services", "web", "ports", 2, "target"])).toBe(toInteger);
    expect(castForPath(["services", "web", "ulimits", "nofile", "soft"])).toBe(toInteger);
    expect(castForPath(["services", "web", "ulimits", "nproc"])).toBe(toInteger);
    expect(castForPath(["services", "web", "cpus"])).toBe(toFloat);
    expect(castForPath(["volumes", "data", "external"])).toBe(toBoolean);
    expect(castForPath(["services", "web", "volumes", 0, "volume", "nocopy"])).toBe(toBoolean);
  });

  it("finds none for untyped fields, a key where an index belongs, or too short a path", () => {
    expect(castForPath(["services", "web", "image"])).toBeUndefined();
    expect(castForPath(["services", "web", "ports", "first", "target"])).toBeUndefined();
    expect(castForPath(["services", "web", "environment", "REPLICAS"])).toBeUndefined();
    expect(castForPath(["services"])).toBeUndefined();
    expect(castForPath(["x-berth", "deploy", "replicas"])).toBeUndefined();
  });
});

describe("casts in a compose file", () => {
  const env = (vars: Record<string, string>) => ({ environment: { HOME: "/h", ...vars } });

  it("type a substituted value, and leave a string field a string", () => {
    const service = loadInline("services:\n  a:\n    image: x:${TAG}\n    cpus: ${CPUS}\n    stdin_open: ${OPEN}\n    deploy:\n      replicas: ${N}\n", env({ TAG: "1", CPUS: "0.5", OPEN: "on", N: "3" })).services["a"];
    expect([service?.image, service?.cpus, service?.["stdin_open"], service?.deploy?.replicas]).toEqual(["x:1", 0.5, true, 3]);
  });

  it("warn about a YAML 1.1 boolean, located at the key", () => {
    const project = loadInline("services:\n  a:\n    image: x\n    tty: ${TTY}\n", env({ TTY: "yes" }));
    const warning = project.meta.warnings.find((w) => w.message.includes("YAML 1.2"));
    expect(warning?.location?.line).toBe(4);
  });

  it("fail at the key with the value and why, when the value does not fit", () => {
    const error = caughtConfigError(() => loadInline("services:\n  a:\n    image: x\n    deploy:\n      replicas: ${N}\n", env({ N: "two" })));
    expect(error.code).toBe("compose.type-cast");
    expect(error.message).toContain('failed to cast "two" to expected type: not a whole number');
    expect(error.location?.line).toBe(5);
  });
});
