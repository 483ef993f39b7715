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

  it("orders and checks a chain of 50,000 services without exhausting the call stack (it overflowed at about 6,000: exit 70)", () => {
    const length = 50_000;
    // Each depends on the next, declared first: the walk goes the whole depth at once.
    const chain = new Map(Array.from({ length }, (_, i) => [`s${i}`, i === length - 1 ? [] : [`s${i + 1}`]] as const));
    const graph = new DependencyGraph(chain);
    expect(graph.findCycle()).toBeUndefined();
    const order = graph.order();
    expect(order).toHaveLength(length);
    expect(order[0]).toBe(`s${length - 1}`);
    expect(order.at(-1)).toBe("s0");
    const cyclic = new DependencyGraph(new Map([...chain, [`s${length - 1}`, ["s0"]]]));
    const cycle = cyclic.findCycle();
    expect(cycle?.length).toBe(length + 1);
    expect(cycle?.[0]).toBe(cycle?.at(-1));
  });

  it("finds the cycle reached from a later root after an acyclic part, and orders diamonds once each", () => {
    const graph = new DependencyGraph(new Map([["web", ["api", "cache"]], ["api", ["db", "cache"]], ["cache", []], ["db", []], ["x", ["y"]], ["y", ["x"]]]));
    expect(graph.findCycle()).toEqual(["x", "y", "x"]);
    const acyclic = new DependencyGraph(new Map([["web", ["api", "cache"]], ["api", ["db", "cache"]], ["cache", []], ["db", []]]));
    expect(acyclic.order()).toEqual(["db", "cache", "api", "web"]);
  });
});
