import { describe, expect, it } from "vitest";
import { compareVersions, negotiateApiVersion } from "./connect-docker-engine.js";

describe("compareVersions", () => {
  it("compares API versions numerically, part by part", () => {
    expect(compareVersions("1.41", "1.41")).toBe(0);
    expect(compareVersions("1.9", "1.41")).toBe(-1);
    expect(compareVersions("1.45", "1.41")).toBe(1);
    expect(compareVersions("2.0", "1.99")).toBe(1);
    expect(compareVersions("1.41", "1.41.1")).toBe(-1);
  });
});

describe("negotiateApiVersion", () => {
  it("speaks Debian's engine 20.10 at its own 1.41", () => {
    expect(negotiateApiVersion("1.41", "1.12", "x")).toBe("1.41");
  });

  it("caps a newer engine at 1.45, but never below the engine's minimum", () => {
    expect(negotiateApiVersion("1.52", "1.44", "x")).toBe("1.45");
    expect(negotiateApiVersion("1.60", "1.47", "x")).toBe("1.47");
  });

  it("refuses an engine older than 1.41, saying what to upgrade", () => {
    expect(() => negotiateApiVersion("1.40", "1.12", "unix:///var/run/docker.sock")).toThrow(
      expect.objectContaining({ code: "engine.api-too-old", hint: expect.stringMatching(/20\.10/) }),
    );
  });
});
