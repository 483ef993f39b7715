import { describe, expect, it } from "vitest";
import { DependencyGraph } from "./graph.js";

const graph = new DependencyGraph(
  new Map([
    ["web", ["api"]],
    ["api", ["db", "cache", "ghost"]],
    ["db", []],
    ["cache", []],
  ]),
);

describe("DependencyGraph", () => {
  it("orders dependencies first and reverses for shutdown", () => {
    expect(graph.order()).toEqual(["db", "cache", "api", "web"]);
    expect(graph.reverseOrder()).toEqual(["web", "api", "cache", "db"]);
  });

  it("answers who depends on whom, ignoring unknown services", () => {
    expect(graph.dependenciesOf("api")).toEqual(["db", "cache"]);
    expect(graph.dependentsOf("db")).toEqual(["api"]);
    expect([...graph.closure(["api"])].sort()).toEqual(["api", "cache", "db"]);
  });

  it("finds a cycle as a closed path, or none", () => {
    expect(graph.findCycle()).toBeUndefined();
    const cyclic = new DependencyGraph(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", []]]));
    expect(cyclic.findCycle()).toEqual(["a", "b", "c", "a"]);
  });

  it("orders a long chain without quadratic work", () => {
    const chain = new Map(Array.from({ length: 2000 }, (_, i) => [`s${i}`, i === 0 ? [] : [`s${i - 1}`]] as const));
    const order = new DependencyGraph(chain).order();
    expect(order[0]).toBe("s0");
    expect(order.at(-1)).toBe("s1999");
  });
});
