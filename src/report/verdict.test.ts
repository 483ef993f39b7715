import { describe, expect, it } from "vitest";
import type { ReportFinding } from "../journal/records.js";
import type { ReportInput, ServiceStatus } from "./report.js";
import { fixtureInput } from "./testing-fixture.js";
import { computeVerdict, driftWarning, isOpinion, isServiceReady } from "./verdict.js";

const api = fixtureInput.services.find((s) => s.service === "api")!;
const status = (over: Partial<ServiceStatus>): ServiceStatus => ({ ...api, restarts: 0, ...over });
const passing = fixtureInput.evidence.filter((e) => e.ok);
/** All ready, every probe passed, no finding, no restart: the input of a PASS. */
const clean: ReportInput = { ...fixtureInput, services: fixtureInput.services.map((s) => ({ ...s, restarts: 0 })), evidence: passing, findings: [], diagnoses: [] };
const finding = (severity: ReportFinding["severity"]): ReportFinding => ({ ...fixtureInput.findings![0]!, severity });

describe("isServiceReady", () => {
  it.each([
    [{ state: "running", health: "healthy" }, true],
    [{ state: "running", health: "none" }, true],
    [{ state: "running", health: "starting" }, false],
    [{ state: "running", health: "unhealthy" }, false],
    [{ state: "exited", health: "none", exitCode: 0 }, false],
    [{ state: "missing", health: "none" }, false],
    [{ oneShot: true, state: "exited", health: "none", exitCode: 0 }, true],
    [{ oneShot: true, state: "exited", health: "none", exitCode: 1 }, false],
    [{ oneShot: true, state: "running", health: "none" }, false],
  ] as const)("%j is ready: %s", (over, ready) => {
    expect(isServiceReady(status(over))).toBe(ready);
  });
});

describe("isOpinion", () => {
  it("is only an inferred persistence probe: a declared one, or another inferred kind, is not", () => {
    expect(isOpinion({ kind: "persistence", inferredFrom: "services.cache.image redis:7" })).toBe(true);
    expect(isOpinion({ kind: "persistence" })).toBe(false);
    expect(isOpinion({ kind: "postgres", inferredFrom: "services.db.image postgres:15" })).toBe(false);
  });
});

describe("computeVerdict", () => {
  it("passes a clean run with no reason and no warning, and counts what it saw", () => {
    expect(computeVerdict(clean)).toEqual({
      status: "pass",
      reasons: [],
      warnings: [],
      counts: { services: 5, servicesReady: 5, probes: 2, probesPassed: 2, probesInferred: 1, findings: { error: 0, warning: 0, info: 0 }, diagnoses: 0, restarts: 0 },
    });
  });

  it("warns, never fails, on what is only advice: check not run, restarts, check errors without --fail-on", () => {
    const verdict = computeVerdict({ ...clean, findings: null, services: [status({ restarts: 2 })] });
    expect(verdict.status).toBe("warn");
    expect(verdict.reasons).toEqual([]);
    expect(verdict.warnings).toEqual(["berth check could not run", "service api restarted 2 time(s)"]);
    expect(computeVerdict({ ...clean, findings: [finding("error"), finding("error"), finding("warning")] }).warnings).toEqual(["berth check found 2 error(s)", "berth check found 1 warning(s)"]);
  });

  it("fails on a service that is not ready, naming its state and health", () => {
    const verdict = computeVerdict({ ...clean, services: [status({ health: "unhealthy" }), status({ service: "worker", state: "exited", health: "none", exitCode: 137 })] });
    expect(verdict.status).toBe("fail");
    expect(verdict.reasons).toEqual(["service api is not ready (running, unhealthy)", "service worker is not ready (exited)"]);
    expect(verdict.counts).toMatchObject({ services: 2, servicesReady: 0 });
  });

  it("fails on a diagnosis, quoting its code and message", () => {
    const verdict = computeVerdict({ ...clean, diagnoses: [{ service: "api", code: "oom-killed", message: "the kernel killed it for memory" }] as unknown as ReportInput["diagnoses"] });
    expect(verdict.reasons).toEqual(["service api: oom-killed: the kernel killed it for memory"]);
  });

  it.each([
    ["error", ["error"], 1],
    ["error", ["warning", "info"], 0],
    ["warning", ["error", "warning", "info"], 2],
    ["info", ["info"], 1],
    ["none", ["error"], 0],
  ] as const)("--fail-on %s fails on %j: %i finding(s) counted as a reason", (failOn, severities, failing) => {
    const verdict = computeVerdict({ ...clean, findings: severities.map(finding) }, { failOn });
    expect(verdict.reasons).toEqual(failing === 0 ? [] : [`berth check found ${failing} finding(s) at or above --fail-on ${failOn}`]);
    expect(verdict.status).toBe(failing === 0 ? "warn" : "fail");
  });

  it("keeps a failed opinion among the warnings while a failed declared probe is a reason", () => {
    const storage = { ...passing[0]!, probe: "cache-storage", kind: "persistence" as const, ok: false, summary: "no volume at /data", inferredFrom: "services.cache.image redis:7" };
    const { inferredFrom: _inferred, ...declared } = { ...storage, probe: "uploads-kept" };
    const verdict = computeVerdict({ ...clean, evidence: [storage, declared] });
    expect(verdict.reasons).toEqual(["probe uploads-kept failed: no volume at /data"]);
    expect(verdict.warnings).toEqual(["probe cache-storage (an inferred opinion) failed: no volume at /data"]);
    expect(verdict.counts).toMatchObject({ probes: 2, probesPassed: 0, probesInferred: 1 });
  });

  it("warns that nothing was verified when no probe ran", () => {
    expect(computeVerdict({ ...clean, evidence: [] }).warnings).toEqual(["no probe ran: nothing was verified beyond the engine's state"]);
  });
});

describe("driftWarning", () => {
  it("lists the first five files and says how many more", () => {
    const files = ["/a", "/b", "/c", "/d", "/e", "/f", "/g"];
    expect(driftWarning("api", files)).toBe("service api has 7 file(s) in its container that are in neither its image nor a volume (/a, /b, /c, /d, /e and 2 more): the next recreate loses them; build them into the image or mount a volume");
    expect(driftWarning("api", ["/tmp/x"])).toContain("has 1 file(s) in its container that are in neither its image nor a volume (/tmp/x): ");
  });
});
