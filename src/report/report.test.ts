import { describe, expect, it } from "vitest";
import { createRedactor } from "../common/redact.js";
import { renderReport } from "./render-report.js";
import { niceStep } from "./html-timeline.js";
import { buildTimeline } from "./timeline.js";
import { buildReport, computeVerdict, isOpinion } from "./verdict.js";
import { fixtureInput } from "./testing-fixture.js";

const noSecrets = createRedactor([]);

describe("computeVerdict", () => {
  it("fails with a reason per failed probe, and keeps warnings apart from the reasons", () => {
    const verdict = computeVerdict(fixtureInput);
    expect(verdict.status).toBe("fail");
    expect(verdict.reasons).toEqual(["probe live-updates failed: expected the upgrade (101 Switching Protocols), got 400 Bad Request"]);
    expect(verdict.warnings).toEqual(["berth check found 1 warning(s)", "service api restarted 1 time(s)"]);
    expect(verdict.counts).toMatchObject({ services: 5, servicesReady: 5, probes: 3, probesPassed: 2, probesInferred: 1, restarts: 1 });
  });

  it("passes when everything holds, warns when nothing was probed, fails on a dead service or a job that failed", () => {
    const clean = { ...fixtureInput, evidence: fixtureInput.evidence.filter((e) => e.ok), findings: [], services: fixtureInput.services.map((s) => ({ ...s, restarts: 0 })) };
    expect(computeVerdict(clean).status).toBe("pass");
    expect(computeVerdict({ ...clean, evidence: [] })).toMatchObject({ status: "warn", reasons: [], warnings: ["no probe ran: nothing was verified beyond the engine's state"] });
    expect(computeVerdict({ ...clean, findings: null }).warnings).toEqual(["berth check could not run"]);
    const job = { ...clean.services[0]!, service: "migrate", oneShot: true, state: "exited", health: "none", exitCode: 0 };
    expect(computeVerdict({ ...clean, services: [...clean.services, job] }).status).toBe("pass");
    expect(computeVerdict({ ...clean, services: [...clean.services, { ...job, exitCode: 1 }] }).reasons).toEqual(["service migrate is not ready (exited)"]);
    expect(computeVerdict({ ...clean, services: [{ ...clean.services[0]!, health: "unhealthy" }] }).reasons).toEqual(["service db is not ready (running, unhealthy)"]);
  });
});

describe("verdict policy", () => {
  const clean = { ...fixtureInput, evidence: fixtureInput.evidence.filter((e) => e.ok), findings: [], services: fixtureInput.services.map((s) => ({ ...s, restarts: 0 })) };
  const finding = (severity: "error" | "warning" | "info") => ({ rule: "lockfile-missing", severity, file: "api/Dockerfile", line: 3, column: 1, message: "no lockfile", hint: "commit one" });
  const storage = { ...clean.evidence[0]!, probe: "cache-storage", kind: "persistence" as const, service: "cache", ok: false, summary: "no volume at /data", failures: ["no volume at /data"] };

  it("never fails on an inferred opinion: a cache without a volume is a warning", () => {
    const verdict = computeVerdict({ ...clean, evidence: [...clean.evidence, { ...storage, inferredFrom: "services.cache.image redis:7" }] });
    expect(verdict).toMatchObject({ status: "warn", reasons: [], warnings: ["probe cache-storage (an inferred opinion) failed: no volume at /data"] });
    expect(isOpinion({ kind: "persistence", inferredFrom: "x" })).toBe(true);
  });

  it("fails on the same probe when the user declared it", () => {
    const declared: typeof storage = { ...storage };
    delete (declared as { inferredFrom?: string }).inferredFrom;
    expect(computeVerdict({ ...clean, evidence: [...clean.evidence, declared] }).reasons).toEqual(["probe cache-storage failed: no volume at /data"]);
  });

  it("warns, never fails, on files a container holds outside its image and volumes (drift)", () => {
    const drifted = { ...clean, services: clean.services.map((s, i) => (i === 0 ? { ...s, drift: ["/app/a.js", "/app/b.js"] } : s)) };
    const verdict = computeVerdict(drifted);
    expect(verdict.status).toBe("warn");
    expect(verdict.reasons).toEqual([]);
    expect(verdict.warnings).toEqual([expect.stringMatching(/^service db has 2 file\(s\) in its container that are in neither its image nor a volume \(\/app\/a\.js, \/app\/b\.js\): the next recreate loses them/)]);
    expect(computeVerdict({ ...clean, services: clean.services.map((s) => ({ ...s, drift: [] })) }).status).toBe("pass");
  });

  it("fails on check findings only at or above --fail-on", () => {
    const input = { ...clean, findings: [finding("error"), finding("warning")] };
    expect(computeVerdict(input)).toMatchObject({ status: "warn", reasons: [], warnings: ["berth check found 1 error(s)", "berth check found 1 warning(s)"] });
    expect(computeVerdict(input, { failOn: "error" })).toMatchObject({ status: "fail", reasons: ["berth check found 1 finding(s) at or above --fail-on error"], warnings: ["berth check found 1 warning(s)"] });
    expect(computeVerdict(input, { failOn: "warning" }).reasons).toEqual(["berth check found 2 finding(s) at or above --fail-on warning"]);
    expect(computeVerdict(input, { failOn: "none" }).status).toBe("warn");
  });
});

describe("buildTimeline", () => {
  it("orders services by start and measures from the first creation", () => {
    const timeline = buildTimeline(fixtureInput.services);
    expect(timeline.rows.map((r) => [r.service, r.created, r.started, r.ready, r.readyKind])).toEqual([
      ["db", 0, 0.4, 3.1, "healthy"],
      ["cache", 0.1, 0.6, 0.6, "started"],
      ["migrate", 0.2, 3.15, 4, "completed"],
      ["api", 3.2, 3.5, 6, "healthy"],
      ["web", 6.1, 6.3, 7, "healthy"],
    ]);
    expect(timeline.span).toBe(7);
    expect(niceStep(7)).toBe(1);
    expect(niceStep(95)).toBe(10);
  });
});

describe("renderReport golden files", () => {
  const report = buildReport(fixtureInput);
  it.each(["md", "html", "json"] as const)("%s", async (format) => {
    await expect(renderReport(report, format, noSecrets)).toMatchFileSnapshot(`__golden__/report.${format}`);
  });

  it("the HTML is self-contained: no script, no external reference", () => {
    const html = renderReport(report, "html", noSecrets);
    expect(html).not.toMatch(/<script|<link|\ssrc=|\shref=|url\(|@import/i);
    expect(html).toContain("<svg");
    expect(html.match(/<circle /g)).toHaveLength(5);
  });
});

describe("secrets in reports", () => {
  const canary = "canary-Zx81-secret-value";
  it("never appear in any format, wherever they hide", () => {
    const input = {
      ...fixtureInput,
      evidence: fixtureInput.evidence.map((e) => ({ ...e, excerpt: `password authentication failed; DATABASE_URL=postgres://app:${canary}@db/app token ${canary}` })),
      diagnoses: [{ service: "api", code: "missing-env", message: `JWT_SECRET=${canary}`, hint: `env {"API_KEY": "${canary}"}` }],
    };
    const redactor = createRedactor([canary]);
    for (const format of ["md", "html", "json"] as const) {
      const text = renderReport(buildReport(input), format, redactor);
      expect(text).not.toContain(canary);
      expect(text).not.toContain("Zx81");
      expect(text).toContain("***");
    }
  });
});
