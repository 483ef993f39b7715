import { describe, expect, it } from "vitest";
import type { ContainerDetails } from "../engine/engine.js";
import { healthOf } from "./gather-status.js";

const startedAt = "2026-11-23T09:00:00.000Z";
const details = (status: string) => ({ State: { StartedAt: startedAt, Health: { Status: status, FailingStreak: 0, Log: [] } } }) as unknown as ContainerDetails;

describe("healthOf", () => {
  it("counts a service berth saw healthy since this start as healthy while the engine says starting", () => {
    expect(healthOf(details("starting"), { startedAt, healthyAt: "2026-11-23T09:00:01.000Z" })).toBe("healthy");
  });

  it("keeps the engine's word after a restart, or when up recorded nothing", () => {
    expect(healthOf(details("starting"), { startedAt: null, healthyAt: "2026-11-23T08:59:00.000Z" })).toBe("starting");
    expect(healthOf(details("starting"), undefined)).toBe("starting");
    expect(healthOf(details("unhealthy"), { startedAt, healthyAt: "2026-11-23T09:00:01.000Z" })).toBe("unhealthy");
  });
});
