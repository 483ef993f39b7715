import { describe, expect, it } from "vitest";
import type { ServiceResult } from "../../runs/up-result.js";
import { markOf, renderUpSummary } from "./up-summary.js";

const service = (extra: Partial<ServiceResult>): ServiceResult => ({ service: "web2", state: "running", health: "none", startedAt: null, healthyAt: null, diagnoses: [], ...extra });

describe("markOf", () => {
  it("never puts ✔ beside restarting, unhealthy or a non-job that exited", () => {
    expect(markOf(service({ state: "restarting" }))).toBe("✘");
    expect(markOf(service({ health: "unhealthy" }))).toBe("✘");
    expect(markOf(service({ state: "exited", exitCode: 1 }))).toBe("✘");
    expect(markOf(service({ state: "exited", exitCode: 0 }))).toBe("•");
    expect(markOf(service({ state: "exited", exitCode: 0, job: true }))).toBe("✔");
    expect(markOf(service({}))).toBe("✔");
  });

  it("prints the mark in the summary", () => {
    const text = renderUpSummary({ ok: true, project: "shop", warnings: [], services: [service({ state: "restarting" })] });
    expect(text).toContain("✘ web2      restarting");
  });
});
