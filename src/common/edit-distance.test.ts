import { describe, expect, it } from "vitest";
import { closestName, editDistance } from "./edit-distance.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["redis", "redis", 0],
    ["redis", "rediss", 1],
    ["redis", "reds", 1],
    ["redis", "rexis", 1],
    ["redis", "cache", 5],
    ["", "db", 2],
  ])("%s → %s is %i", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe("closestName", () => {
  const rules = ["image-unpinned", "healthcheck-missing", "healthcheck-timing", "runs-as-root"];
  it("finds the name a typo meant, whatever its case", () => {
    expect(closestName("image-unpined", rules)).toBe("image-unpinned");
    expect(closestName("HealthCheck-Missing", rules)).toBe("healthcheck-missing");
    expect(closestName("healthcheck-mising", rules)).toBe("healthcheck-missing");
  });
  it("prefers the nearest of several candidates", () => {
    expect(closestName("healthcheck-timin", rules)).toBe("healthcheck-timing");
  });
  it("offers nothing when the nearest is more than a third of the word away, or for an exact name", () => {
    expect(closestName("frobnicate", rules)).toBeUndefined();
    expect(closestName("runs-as-root", rules)).toBeUndefined();
    expect(closestName("db", ["cache"])).toBeUndefined();
  });
  it("allows one edit even for a short name", () => {
    expect(closestName("db", ["dc", "web"])).toBe("dc");
  });
});
