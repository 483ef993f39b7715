import { describe, expect, it } from "vitest";
import { InvalidTemplateError, lookupIn, RequiredVariableError, substituteVariables } from "./template.js";

const env = lookupIn({ TAG: "2.4.1", REPO: "registry.test/shop", EMPTY: "", MIDDLE: "middle-value" });
const sub = (template: string): string => substituteVariables(template, env).value;

describe("substituteVariables: plain references", () => {
  it.each([
    ["$REPO:${TAG}", "registry.test/shop:2.4.1"],
    ["build-${TAG}-final", "build-2.4.1-final"],
    ["${REPO}${TAG}", "registry.test/shop2.4.1"],
    ["$TAG-slim", "2.4.1-slim"],
    ["$tag_missing.x", ".x"],
    ["no references", "no references"],
  ])("%s -> %s", (template, expected) => {
    expect(sub(template)).toBe(expected);
  });

  it("reports each unset variable without default, and substitutes an empty string", () => {
    const result = substituteVariables("a-${GONE}-$ALSO_GONE-${EMPTY}", env);
    expect(result).toEqual({ value: "a---", unset: ["GONE", "ALSO_GONE"] });
  });

  it("does not report variables that have a default or an alternate", () => {
    expect(substituteVariables("${GONE:-x}${GONE-y}${GONE:+z}${GONE+w}", env).unset).toEqual([]);
  });

  it("reports unset variables used inside a default", () => {
    expect(substituteVariables("${GONE:-${INNER}}", env)).toEqual({ value: "", unset: ["INNER"] });
  });

  it("treats names case-sensitively but accepts lower-case names", () => {
    const lookup = lookupIn({ lower: "l", LOWER: "U" });
    expect(substituteVariables("$lower-${LOWER}", lookup).value).toBe("l-U");
  });

  it("ignores inherited properties of the record", () => {
    expect(substituteVariables("${constructor}", lookupIn({})).value).toBe("");
  });
});

describe("substituteVariables: escapes and literal dollars", () => {
  it.each([
    ["$${TAG}", "${TAG}"],
    ["echo $$HOME", "echo $HOME"],
    ["cost: 5$", "cost: 5$"],
    ["a $ string", "a $ string"],
    ["^REGEX$", "^REGEX$"],
    ["$}", "$}"],
    ["$1 and $-", "$1 and $-"],
    ["$$$TAG", "$2.4.1"],
  ])("%s -> %s", (template, expected) => {
    expect(sub(template)).toBe(expected);
  });
});

describe("substituteVariables: defaults and alternates", () => {
  it.each([
    ["${GONE:-fallback}", "fallback"],
    ["${EMPTY:-fallback}", "fallback"],
    ["${TAG:-fallback}", "2.4.1"],
    ["${GONE:-http://localhost:8080/v1}", "http://localhost:8080/v1"],
    ["${GONE:-two words}", "two words"],
    ["${EMPTY:-/non:-alphanumeric}", "/non:-alphanumeric"],
    ["${GONE-fallback}", "fallback"],
    ["${EMPTY-fallback}", ""],
    ["${GONE:+on}", ""],
    ["${EMPTY:+on}", ""],
    ["${TAG:+on}", "on"],
    ["${GONE+on}", ""],
    ["${EMPTY+on}", "on"],
    ["${TAG+on}", "on"],
  ])("%s -> %j", (template, expected) => {
    expect(sub(template)).toBe(expected);
  });

  it("is not confused by operator characters outside the reference", () => {
    expect(sub("-ok ${EMPTY:-dflt}")).toBe("-ok dflt");
    expect(sub(":-ok ${EMPTY-dflt}")).toBe(":-ok ");
    expect(sub(":?ok ${EMPTY-dflt}")).toBe(":?ok ");
    expect(sub("+ok ${GONE:-${EMPTY-dflt}}")).toBe("+ok ");
    expect(sub("${TAG}-${GONE:-x}-tail")).toBe("2.4.1-x-tail");
  });

  it("takes the operator right after the name", () => {
    expect(sub("${GONE-my?msg}")).toBe("my?msg");
    expect(() => sub("${GONE?bar-baz}")).toThrow("required variable GONE is missing a value: bar-baz");
  });
});

describe("substituteVariables: nesting", () => {
  it.each([
    ["${OUTER:-${INNER:-deepest}}", "deepest"],
    ["${OUTER:-${MIDDLE:-deepest}}", "middle-value"],
    ["${MIDDLE:-${INNER:-deepest}}", "middle-value"],
    ["${MIDDLE:+prefix-${MIDDLE}}", "prefix-middle-value"],
    ["${OUTER:-$MIDDLE}", "middle-value"],
    ["${OUTER:-${INNER:-a}_and_${MIDDLE}}", "a_and_middle-value"],
    ["ok ${GONE-${TAG} ${TAG}}", "ok 2.4.1 2.4.1"],
    ["ok ${EMPTY+$TAG ${TAG:+second}}", "ok 2.4.1 second"],
    ["${A:-x} and ${B:-y} and ${TAG}", "x and y and 2.4.1"],
  ])("%s -> %s", (template, expected) => {
    expect(sub(template)).toBe(expected);
  });

  it("evaluates a default only when it is used", () => {
    expect(sub("${TAG:-${NEVER:?must not be evaluated}}")).toBe("2.4.1");
    expect(sub("${GONE:+${NEVER:?must not be evaluated}}")).toBe("");
  });
});

describe("substituteVariables: required variables", () => {
  it("fails with the user's message when unset or empty (:?)", () => {
    for (const template of ["${GONE:?set GONE in your .env file}", "${EMPTY:?set GONE in your .env file}"]) {
      expect(() => sub(template)).toThrow(RequiredVariableError);
      expect(() => sub(template)).toThrow("is missing a value: set GONE in your .env file");
    }
  });

  it("fails only when unset with ?", () => {
    expect(sub("${EMPTY?token must be defined}")).toBe("");
    expect(sub("${TAG?token must be defined}")).toBe("2.4.1");
    expect(sub("${TAG:?token must be defined}")).toBe("2.4.1");
    expect(() => sub("${GONE?choose an environment (staging or prod)}")).toThrow(
      "required variable GONE is missing a value: choose an environment (staging or prod)",
    );
  });

  it("carries the variable and the interpolated reason", () => {
    try {
      sub("x ${GONE:?needed by ${REPO}}");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RequiredVariableError);
      expect(error).toMatchObject({
        variable: "GONE",
        reason: "needed by registry.test/shop",
        code: "compose.required-variable",
        exitCode: 1,
      });
    }
  });

  it("words the message without a reason when none is given", () => {
    expect(() => sub("${GONE:?}")).toThrow(/missing a value$/);
    expect(() => sub("${GONE?}")).toThrow(/missing a value$/);
  });
});

describe("substituteVariables: invalid templates", () => {
  it.each(["${ TAG }", "${", "${}", "${ }", "${ foo}", "${foo }", "${foo!}", "prefix ${-x}"])(
    "%s is an error",
    (template) => {
      expect(() => sub(template)).toThrow(InvalidTemplateError);
    },
  );

  it("names the whole template", () => {
    expect(() => sub("image:${ TAG }")).toThrow(
      expect.objectContaining({ template: "image:${ TAG }", code: "compose.invalid-template" }),
    );
  });
});
