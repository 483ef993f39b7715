import { describe, expect, it } from "vitest";
import type { UpResult } from "./up-result.js";
import { upResultEntries } from "./up-entries.js";

const result: UpResult = {
  ok: false,
  project: "shop",
  warnings: [],
  services: [
    { service: "api", state: "restarting", health: "unhealthy", startedAt: "2026-11-23T08:00:01Z", healthyAt: null, diagnoses: [{ code: "crash-loop", message: "api restarts", evidence: {}, hint: "read the log" }] },
    { service: "db", state: "running", health: "healthy", startedAt: "2026-11-23T08:00:00Z", healthyAt: "2026-11-23T08:00:03Z", diagnoses: [] },
  ],
};

describe("upResultEntries", () => {
  it("records the times of the services the run changed and every diagnosis", () => {
    const entries = upResultEntries(result, new Set(["api", "db"]));
    expect(entries.map((entry) => entry.type)).toEqual(["service", "diagnosis", "service"]);
    expect(entries[2]).toMatchObject({ service: "db", startedAt: "2026-11-23T08:00:00Z", healthyAt: "2026-11-23T08:00:03Z" });
    expect(entries[1]).toMatchObject({ service: "api", diagnosis: { code: "crash-loop", hint: "read the log" } });
  });

  it("leaves out the times of services the run did not touch, but keeps their diagnoses", () => {
    const entries = upResultEntries(result, new Set());
    expect(entries.map((entry) => entry.type)).toEqual(["diagnosis"]);
  });
});
