import { describe, expect, it } from "vitest";
import type { Diagnosis } from "../../deploy/diagnose/diagnosis.js";
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

  it("says a running, healthy service restarted during up, with its cause, instead of a bare (healthy)", () => {
    const diagnosis: Diagnosis = { code: "permission-denied", message: "db cannot read /docker-entrypoint-initdb.d/init.sql", hint: "chmod 644 init.sql", evidence: {} };
    const db = service({ service: "db", health: "healthy", restarts: 1, diagnoses: [diagnosis] });
    const text = renderUpSummary({ ok: false, project: "shop", warnings: [], services: [db, service({ service: "web", restarts: 3, state: "restarting" }), service({ service: "api" })] });
    expect(text).toContain("✘ db        running (healthy), restarted 1 time during up  [permission-denied]");
    expect(text).toContain("✘ web       restarting\n");
    expect(text).toContain("✔ api       running\n");
    expect(renderUpSummary({ ok: false, project: "shop", warnings: [], services: [service({ restarts: 2, diagnoses: [diagnosis] })] })).toContain("running, restarted 2 times during up  [permission-denied]");
  });
});
