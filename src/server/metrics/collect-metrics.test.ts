import { describe, expect, it } from "vitest";
import { serverFixture } from "../testing/server-fixture.js";
import { metricFamilies } from "./collect-metrics.js";

const sampleLine = /^[a-z_]+(\{([a-z_]+="(?:[^"\\]|\\.)*",?)*\})? (-?\d+(\.\d+)?(e[+-]?\d+)?|NaN|[+-]Inf)$/;

describe("GET /metrics", () => {
  it("is valid Prometheus text with per-service health, restarts and the latest probe results", async () => {
    const { app, engine, web } = await serverFixture();
    await engine.stopContainer(web);
    const response = await app.request("/metrics");
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const lines = (await response.text()).trimEnd().split("\n");
    for (const line of lines.filter((l) => !l.startsWith("#"))) expect(line).toMatch(sampleLine);
    expect(lines).toContain("# TYPE berth_service_up gauge");
    expect(lines).toContain('berth_service_up{project="shop",service="web"} 0');
    expect(lines).toContain('berth_service_up{project="shop",service="db"} 1');
    expect(lines).toContain('berth_service_containers{project="shop",service="web",state="stopped"} 1');
    expect(lines).toContain('berth_service_restarts_total{project="shop",service="db"} 0');
    expect(lines).toContain('berth_probe_ok{project="shop",probe="api"} 1');
    expect(lines).toContain('berth_deployments_total{project="shop",outcome="deployed"} 0');
  });

  it("counts deployments and rollbacks by outcome from the releases, and times runs, backups and drills", () => {
    const run = (runId: string, command: string, ok: boolean | null) => ({ runId, command, ok, startedAt: "2026-11-23T08:00:00.000Z", finishedAt: "2026-11-23T08:00:30.000Z", durationMs: 30_000, probes: { passed: 0, total: 0 }, evidence: [], hasReport: false });
    const drill = { ok: true, at: "2026-11-23T07:10:00.000Z", checks: [] };
    const backup = (createdAt: string, drilled: typeof drill | null) => ({ service: "db", driver: "postgres", artifact: "a", createdAt, sizeBytes: 1, durationMs: 1, drill: drilled });
    const release = (id: number, command: "up" | "rollback", outcome: "deployed" | "rolled-back" | "failed") => ({ id, at: "2026-11-23T08:00:00.000Z", project: "p", command, outcome, changes: [], services: [], diagnoses: [] });
    const releases = [release(1, "up", "deployed"), release(2, "up", "rolled-back"), release(3, "rollback", "deployed"), release(4, "up", "deployed")];
    const families = metricFamilies([
      { project: "p", services: [], runs: [run("3", "up", false), run("2", "rollback", true), run("1", "up --verify", true)], backups: [backup("2026-11-23T07:00:00.000Z", drill), backup("2026-11-23T07:30:00.000Z", { ...drill, ok: false })], releases },
    ]);
    const values = (name: string) => families.find((f) => f.name === name)?.samples.map((s) => [s.labels, s.value]);
    expect(values("berth_deployments_total")).toEqual([[{ project: "p", outcome: "deployed" }, 2], [{ project: "p", outcome: "rolled-back" }, 1], [{ project: "p", outcome: "failed" }, 0]]);
    expect(values("berth_rollbacks_total")?.[0]).toEqual([{ project: "p", outcome: "deployed" }, 1]);
    expect(values("berth_deployment_last_duration_seconds")).toEqual([[{ project: "p", run: "3" }, 30]]);
    expect(values("berth_backup_last_success_timestamp_seconds")).toEqual([[{ project: "p", service: "db" }, Date.parse("2026-11-23T07:00:00.000Z") / 1000]]);
    expect(values("berth_backup_drill_last_success_timestamp_seconds")).toEqual([[{ project: "p", service: "db" }, Date.parse(drill.at) / 1000]]);
  });
});
