import { describe, expect, it } from "vitest";
import { PathSourceMap } from "./source-map.js";

const at = (line: number) => ({ file: "f.yaml", line, column: 1 });

describe("PathSourceMap", () => {
  it("finds exact paths and the nearest located ancestor", () => {
    const map = new PathSourceMap();
    map.set(["services", "web"], at(2));
    map.set(["services", "web", "labels", "a.b"], at(5));
    expect(map.locate(["services", "web", "labels", "a.b"])).toEqual(at(5));
    expect(map.locate(["services", "web", "labels", "a"])).toBeUndefined();
    expect(map.locateNearest(["services", "web", "ports", 0])).toEqual(at(2));
    expect(map.locateNearest(["networks"])).toBeUndefined();
  });

  it("absorbs another map, later positions winning, optionally under a new prefix or only where missing", () => {
    const base = new PathSourceMap();
    base.set(["services", "web", "image"], at(3));
    const override = new PathSourceMap();
    override.set(["services", "web", "image"], at(9));
    override.set(["services", "db", "image"], at(12));
    base.absorb(override);
    expect(base.locate(["services", "web", "image"])).toEqual(at(9));
    const moved = new PathSourceMap();
    moved.absorb(override, ["services", "db"], ["services", "api"]);
    expect(moved.locate(["services", "api", "image"])).toEqual(at(12));
    expect(moved.locate(["services", "db", "image"])).toBeUndefined();
    moved.absorb(override, ["services", "web"], ["services", "api"], true);
    expect(moved.locate(["services", "api", "image"])).toEqual(at(12));
  });

  it("renumbers list items, keeping the list's own position", () => {
    const map = new PathSourceMap();
    map.set(["ports"], at(1));
    map.set(["ports", 0], at(2));
    map.set(["ports", 1], at(3));
    map.set(["ports", 1, "target"], at(4));
    map.reindex(["ports"], [1, 0, undefined]);
    expect(map.locate(["ports", 0, "target"])).toEqual(at(4));
    expect(map.locate(["ports", 1])).toEqual(at(2));
    expect(map.locate(["ports", 2])).toBeUndefined();
    expect(map.locate(["ports"])).toEqual(at(1));
  });
});
