import { describe, expect, it } from "vitest";
import { formatPath, matchesPattern } from "./tree-path.js";

describe("tree paths", () => {
  it("match patterns segment by segment, * standing for one key or index", () => {
    expect(matchesPattern(["services", "web", "ports", 0], "services.*.ports.*")).toBe(true);
    expect(matchesPattern(["services", "web", "ports"], "services.*.ports.*")).toBe(false);
    expect(matchesPattern(["networks", "front", "ipam"], "services.*.ipam")).toBe(false);
  });

  it("print in compose's dotted form", () => {
    expect(formatPath(["services", "web", "ports", 1])).toBe("services.web.ports.1");
  });
});
