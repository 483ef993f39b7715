import { describe, expect, it } from "vitest";
import type { Evidence } from "../../journal/records.js";
import type { RunSummary } from "../run-history.js";
import type { ServiceStatus } from "../service-status.js";
import { metricFamilies } from "./collect-metrics.js";
import { renderPrometheusText } from "./prom-text.js";

const evidence = (probe: string, ok: boolean): Evidence => ({ probe, kind: "http", target: "GET /", ok, summary: "", failures: [], facts: {}, startedAt: "2026-11-23T08:00:00.000Z", durationMs: 1 });
const run = (runId: string, command: string, extra: Partial<RunSummary> = {}): RunSummary => ({ runId, command, ok: true, startedAt: "2026-11-23T08:00:00.000Z", finishedAt: "2026-11-23T08:00:12.000Z", durationMs: 12_000, probes: { passed: 0, total: 0 }, evidence: [], hasReport: false, ...extra });
const facts = (project: string, extra: { runs?: RunSummary[]; services?: ServiceStatus[] } = {}) => ({ project, services: extra.services ?? [], runs: extra.runs ?? [], backups: [], releases: [] });

function samples(families: ReturnType<typeof metricFamilies>, name: string) {
  return families.find((f) => f.name === name)?.samples.map((s) => [s.labels, s.value]);
}

describe("metricFamilies", () => {
  it("takes probe results from the newest run that has any, not from a newer plain up", () => {
    const runs = [run("3", "up"), run("2", "verify", { startedAt: "2026-11-23T07:00:00.000Z", evidence: [evidence("api", true), evidence("ws", false)] }), run("1", "verify", { evidence: [evidence("old", true)] })];
    const families = metricFamilies([facts("p", { runs })]);
    expect(samples(families, "berth_probe_ok")).toEqual([[{ project: "p", probe: "api" }, 1], [{ project: "p", probe: "ws" }, 0]]);
    expect(samples(families, "berth_probe_last_run_timestamp_seconds")).toEqual([[{ project: "p" }, Date.parse("2026-11-23T07:00:00.000Z") / 1000]]);
  });

  it("times the newest finished deployment and rollback, skipping one still running", () => {
    const runs = [run("4", "up", { durationMs: null, ok: null, finishedAt: null }), run("3", "rollback", { durationMs: 4_500 }), run("2", "up --verify", { durationMs: 61_000 }), run("1", "up")];
    const families = metricFamilies([facts("p", { runs })]);
    expect(samples(families, "berth_deployment_last_duration_seconds")).toEqual([[{ project: "p", run: "2" }, 61]]);
    expect(samples(families, "berth_rollback_last_duration_seconds")).toEqual([[{ project: "p", run: "3" }, 4.5]]);
  });

  it("leaves a family without samples when nothing happened yet, but keeps its HELP and TYPE for the scraper", () => {
    const families = metricFamilies([facts("p")]);
    for (const name of ["berth_probe_ok", "berth_probe_last_run_timestamp_seconds", "berth_deployment_last_duration_seconds", "berth_backup_last_success_timestamp_seconds"]) expect(samples(families, name)).toEqual([]);
    const text = renderPrometheusText(families);
    expect(text).toContain("# TYPE berth_probe_ok gauge\n# HELP berth_probe_last_run_timestamp_seconds");
    expect(samples(families, "berth_deployments_total")).toEqual(["deployed", "rolled-back", "failed"].map((outcome) => [{ project: "p", outcome }, 0]));
  });

  it("labels every sample with its project when several are served", () => {
    const service = (name: string, state: ServiceStatus["state"]): ServiceStatus => ({ service: name, state, containers: [] });
    const families = metricFamilies([facts("shop", { services: [service("web", "completed")] }), facts("blog", { services: [service("web", "missing")] })]);
    expect(samples(families, "berth_service_up")).toEqual([[{ project: "shop", service: "web" }, 1], [{ project: "blog", service: "web" }, 0]]);
    expect(samples(families, "berth_service_containers")?.filter(([, value]) => value !== 0)).toEqual([]);
  });
});

describe("renderPrometheusText", () => {
  it("writes NaN and -Inf as the format spells them, and escapes a HELP text's backslashes and newlines", () => {
    const text = renderPrometheusText([{ name: "x", help: "a\\b\nc", type: "gauge", samples: [{ labels: {}, value: NaN }, { labels: { a: "" }, value: -Infinity }, { labels: {}, value: 0.25 }] }]);
    expect(text).toBe('# HELP x a\\\\b\\nc\n# TYPE x gauge\nx NaN\nx{a=""} -Inf\nx 0.25\n');
  });
});
