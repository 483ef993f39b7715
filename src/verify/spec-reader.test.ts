import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import { formatPath, SpecReader } from "./spec-reader.js";

/** The first entry of `x-berth.verify` in a project loaded by the real loader, as a reader. */
function readerOf(entry: string): SpecReader {
  const project = loadInline(`services:\n  api:\n    image: node:20-bookworm-slim\nx-berth:\n  verify:\n    - ${entry}\n`);
  const verify = (project.extensions["x-berth"] as { verify: unknown[] }).verify;
  return SpecReader.of(verify[0], ["x-berth", "verify", 0], project);
}

const located = (message: string, line: number, hint?: string) =>
  expect.objectContaining({ name: "ConfigError", code: "verify.invalid-probe", message, location: expect.objectContaining({ line, file: expect.stringMatching(/compose\.yaml$/) }), ...(hint === undefined ? {} : { hint }) });

describe("SpecReader accessors", () => {
  it("reads what a user writes: numbers and booleans as strings, a string as a one-item list", () => {
    const reader = readerOf(`{ url: 8080, flag: true, status: "200", statuses: [200, "204"], command: "pg_isready -q", header: { X-Count: 3 } }`);
    expect(reader.string("url")).toBe("8080");
    expect(reader.string("flag")).toBe("true");
    expect(reader.integer("status")).toBe(200);
    expect(reader.integerList("statuses")).toEqual([200, 204]);
    expect(reader.stringList("command")).toEqual(["pg_isready -q"]);
    expect(reader.stringMap("header")).toEqual({ "X-Count": "3" });
    expect(reader.stringMap("absent")).toEqual({});
    expect([reader.string("absent"), reader.integer("absent"), reader.boolean("absent"), reader.stringList("absent"), reader.integerList("absent")]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(reader.has("url")).toBe(true);
    expect(reader.has("absent")).toBe(false);
  });

  it.each([
    ["string", `{ url: [a] }`, (r: SpecReader) => r.string("url"), "x-berth.verify[0].url: should be a string", "got a list"],
    ["integer", `{ status: "2xx" }`, (r: SpecReader) => r.integer("status"), "x-berth.verify[0].status: should be an integer", "got string"],
    ["integer (a fraction)", `{ status: 200.5 }`, (r: SpecReader) => r.integer("status"), "x-berth.verify[0].status: should be an integer", "got number"],
    ["boolean", `{ follow: "yes" }`, (r: SpecReader) => r.boolean("follow"), "x-berth.verify[0].follow: should be true or false", "got string"],
    ["string list", `{ command: { a: 1 } }`, (r: SpecReader) => r.stringList("command"), "x-berth.verify[0].command: should be a string or a list of strings", "got object"],
    ["integer list", `{ status: [200, ok] }`, (r: SpecReader) => r.integerList("status"), "x-berth.verify[0].status: should be an integer or a list of integers", "got a list"],
    ["mapping", `{ header: [a] }`, (r: SpecReader) => r.stringMap("header"), "x-berth.verify[0].header: should be a mapping", "got a list"],
  ])("rejects a wrong %s at its line, saying what it got", (_, entry, read, message, hint) => {
    expect(() => read(readerOf(entry))).toThrow(located(message, 6, hint));
  });

  it("requires a key with the caller's hint", () => {
    expect(() => readerOf(`{ name: x }`).requiredString("url", "add url: http://...")).toThrow(located("x-berth.verify[0].url: is required", 6, "add url: http://..."));
  });

  it.each([
    ["500ms", 500],
    ["1m30s", 90_000],
    ["5", 5_000],
    ["2.5", 2_500],
  ])("reads the duration %s as %i ms (a bare number is seconds)", (text, ms) => {
    expect(readerOf(`{ timeout: "${text}" }`).durationMs("timeout")).toBe(ms);
  });

  it("reads a YAML number as seconds too, and rejects a duration it cannot read", () => {
    expect(readerOf(`{ timeout: 3 }`).durationMs("timeout")).toBe(3_000);
    expect(() => readerOf(`{ timeout: soon }`).durationMs("timeout")).toThrow(located('x-berth.verify[0].timeout: should be a duration such as 500ms, 2s or 1m30s (a bare number is seconds), got "soon"', 6));
  });

  it("rejects a key it does not know (a typo), listing the known ones", () => {
    expect(() => readerOf(`{ url: x, stauts: 200 }`).onlyKeys(["url", "status"])).toThrow(located("x-berth.verify[0].stauts: is not a known key", 6, "known keys here: url, status"));
    expect(() => readerOf(`{ url: x }`).onlyKeys(["url"])).not.toThrow();
  });

  it("locates a nested mapping's keys and rejects an entry that is not a mapping", () => {
    const reader = readerOf(`name: home\n      http:\n        url: http://127.0.0.1/\n        status: ok`);
    const http = reader.child("http");
    expect(http.path).toEqual(["x-berth", "verify", 0, "http"]);
    expect(() => http.integer("status")).toThrow(located("x-berth.verify[0].http.status: should be an integer", 9));
    expect(() => reader.child("tcp")).toThrow(located("x-berth.verify[0].tcp: should be a mapping", 6, "nothing was given"));
    expect(() => readerOf(`just-a-string`)).toThrow(located("x-berth.verify[0]: should be a mapping", 6, "got string"));
  });
});

describe("formatPath", () => {
  it("writes list indexes in brackets and keys with dots", () => {
    expect(formatPath(["services", "api", "x-berth", "verify", 2, "http"])).toBe("services.api.x-berth.verify[2].http");
    expect(formatPath([])).toBe("");
  });
});
