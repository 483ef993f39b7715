import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/errors.js";
import { caughtConfigError } from "../testing/caught.js";
import { parseComposeFile } from "./parse.js";

const parse = (text: string) => parseComposeFile({ file: "/p/compose.yaml", text });


describe("parseComposeFile", () => {
  it("keeps the position of every key and list item", () => {
    const parsed = parse("services:\n  web:\n    image: nginx\n    ports:\n      - 80:80\n");
    expect(parsed.sourceMap.locate(["services", "web", "image"])).toEqual({ file: "/p/compose.yaml", line: 3, column: 5 });
    expect(parsed.sourceMap.locate(["services", "web", "ports", 0])).toEqual({ file: "/p/compose.yaml", line: 5, column: 9 });
    expect(parsed.sourceMap.locateNearest(["services", "web", "image", "nothing"])?.line).toBe(3);
  });

  it("reads YAML 1.2 scalars as compose does: `no` stays a string, 0440 is octal", () => {
    const parsed = parse("a: no\nb: 0440\nc: '0440'\nd: true\ne: 1.5\n");
    expect(parsed.tree).toEqual({ a: "no", b: 0o440, c: "0440", d: true, e: 1.5 });
  });

  it("rejects a duplicate key naming it and both lines", () => {
    const error = (() => {
      try {
        parse("services:\n  web:\n    image: a\n    image: b\n");
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error("no error");
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('mapping key "image" already defined at line 3');
    expect(error.location).toEqual({ file: "/p/compose.yaml", line: 4, column: 5 });
    expect(error.hint).toContain("lines 3 and 4");
  });

  it("resolves anchors, aliases and merge keys; explicit keys win over merged ones", () => {
    const parsed = parse("x-env: &env\n  A: '1'\n  B: '2'\nservices:\n  web:\n    environment:\n      <<: *env\n      B: own\n    labels: *env\n");
    expect(parsed.tree["services"]).toEqual({ web: { environment: { A: "1", B: "own" }, labels: { A: "1", B: "2" } } });
  });

  it("refuses exponential alias expansion", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level < 8; level++) lines.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(10).fill(`*${String.fromCharCode(96 + level)}`).join(", ")}]`);
    expect(() => parse(lines.join("\n"))).toThrow(/excessive aliasing/);
  });

  it("refuses an alias used inside the node its anchor marks, at the alias (it recursed until the stack overflowed)", () => {
    for (const [text, line] of [
      ["services: &s\n  web:\n    image: x\n    labels: *s\n", 4],
      ["x-a: &a\n  - 1\n  - *a\nservices: {}\n", 3],
      ["x-a: &a\n  k: 1\n  <<: *a\nservices: {}\n", 3],
      ["x-a: &a\n  k: 1\n  <<: [*a]\nservices: {}\n", 3],
    ] as const) {
      const error = caughtConfigError(() => parse(text));
      expect(error.message).toMatch(/alias \*(s|a) is used inside the node its anchor &(s|a) marks/);
      expect(error.location?.line).toBe(line);
    }
  });

  it("still takes an alias of a sibling or of a node nested in another anchor", () => {
    const parsed = parse("x-a: &a {b: &b {c: 1}}\nservices:\n  web:\n    labels: *b\n    environment:\n      <<: *b\nx-z: *a\n");
    expect(parsed.tree["services"]).toEqual({ web: { labels: { c: 1 }, environment: { c: 1 } } });
    expect(parsed.tree["x-z"]).toEqual({ b: { c: 1 } });
  });

  it("counts merge-key aliases against the alias budget too", () => {
    const lines = ["x-0: &a0 {k: v}"];
    for (let level = 1; level <= 20; level++) lines.push(`x-${level}: &a${level}\n  p: {<<: *a${level - 1}}\n  q: [*a${level - 1}, *a${level - 1}]`);
    expect(() => parse(lines.join("\n"))).toThrow(/excessive aliasing/);
  });

  it("refuses a `__proto__` key with its position and a fix, in services and anywhere else", () => {
    const service = caughtConfigError(() => parse("services:\n  __proto__:\n    image: x\n"));
    expect(service.code).toBe("compose.reserved-key");
    expect(service.message).toBe('the key "__proto__" under services is not supported by berth');
    expect(service.location).toEqual({ file: "/p/compose.yaml", line: 2, column: 3 });
    expect(service.hint).toMatch(/rename the service/);
    const label = caughtConfigError(() => parse("services:\n  web:\n    labels:\n      __proto__: x\n"));
    expect(label.message).toContain("under services.web.labels");
    expect(label.location?.line).toBe(4);
  });

  it("records !reset and !override and drops reset values", () => {
    const parsed = parse("services:\n  web:\n    ports: !reset []\n    environment: !override\n      A: b\n");
    expect(parsed.tags).toEqual([
      { path: ["services", "web", "ports"], kind: "reset" },
      { path: ["services", "web", "environment"], kind: "override" },
    ]);
    expect(parsed.tree["services"]).toEqual({ web: { environment: { A: "b" } } });
  });

  it("locates syntax errors and refuses an empty file as compose does", () => {
    expect(() => parse("services: [\n")).toThrow(/failed to parse \/p\/compose.yaml/);
    expect(() => parse("# nothing yet\n")).toThrow("/p/compose.yaml: empty compose file");
    expect(() => parse("- a\n- b\n")).toThrow("/p/compose.yaml is not a compose file: top level is a list");
    expect(() => parse("a: 1\n---\nb: 2\n")).toThrow(/holds several YAML documents/);
  });
});

describe("parseComposeFile on deep nesting", () => {
  it("refuses YAML nested thousands of levels deep as the file's error, not a crash", () => {
    for (const text of [`services:\n${Array.from({ length: 6000 }, (_, depth) => `${" ".repeat(depth + 2)}k${depth}:`).join("\n")} x\n`, `x: ${"[".repeat(20000)}${"]".repeat(20000)}\n`]) {
      const error = caughtConfigError(() => parse(text));
      expect(error.message).toBe("/p/compose.yaml: YAML nested too deeply to read (thousands of levels)");
      expect(error.location?.file).toBe("/p/compose.yaml");
      expect(error.hint).toMatch(/nest a few levels/);
    }
  });

  it("resolves an alias to the last anchor of its name before it, and refuses one with none", () => {
    const parsed = parse("x-a: &a 1\nfirst: *a\nx-b: &a 2\nsecond: *a\n");
    expect([parsed.tree["first"], parsed.tree["second"]]).toEqual([1, 2]);
    const merged = parse(`x-base: &as\n  image: nginx\nservices:\n  web:\n${"    <<: *as\n".repeat(3000)}`);
    expect(merged.tree["services"]).toEqual({ web: { image: "nginx" } });
    const error = caughtConfigError(() => parse("services:\n  web:\n    <<: *as\n    image: x\n"));
    expect(error.message).toBe("/p/compose.yaml: alias *as has no anchor &as before it");
    expect(error.location).toEqual({ file: "/p/compose.yaml", line: 3, column: 9 });
    expect(() => parse("x-later: *b\nx-b: &b 1\n")).toThrow("alias *b has no anchor &b before it");
  });
});
