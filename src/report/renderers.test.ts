import { describe, expect, it } from "vitest";
import { renderHtml } from "./html.js";
import { renderTimelineSvg } from "./html-timeline.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import type { ReportInput } from "./report.js";
import { fixtureInput } from "./testing-fixture.js";
import { buildTimeline } from "./timeline.js";
import { buildReport } from "./verdict.js";

/** The fixture's report with parts replaced: the odd inputs the golden files do not show. */
const reportWith = (over: Partial<ReportInput>) => buildReport({ ...fixtureInput, ...over });
const section = (markdown: string, title: string): string => markdown.split(`## ${title}\n`)[1]?.split("\n## ")[0] ?? "";

describe("renderMarkdown on odd inputs", () => {
  it("says so when no probe ran, check could not run and nothing was diagnosed", () => {
    const md = renderMarkdown(reportWith({ evidence: [], findings: null, diagnoses: [] }));
    expect(section(md, "Probes")).toContain("No probe ran.");
    expect(section(md, "Check findings")).toContain("berth check could not run.");
    expect(section(md, "Diagnoses")).toContain("None.");
    expect(md).toContain("- no probe ran: nothing was verified beyond the engine's state");
  });

  it("writes None. for a check that ran clean, and a diagnosis as a table row", () => {
    const md = renderMarkdown(reportWith({ findings: [], diagnoses: [{ service: "api", code: "port-mismatch", message: "listens on 3000, published 8080", hint: "publish 3000" }] }));
    expect(section(md, "Check findings").trim()).toBe("None.");
    expect(section(md, "Diagnoses")).toContain("| api | port-mismatch | listens on 3000, published 8080 | publish 3000 |");
    expect(md).toContain("## Verdict: FAIL");
    expect(md).toContain("- service api: port-mismatch: listens on 3000, published 8080");
  });

  it("keeps a table intact when a cell holds a pipe or a line break", () => {
    const finding = { rule: "r", severity: "error" as const, file: "compose.yaml", line: 3, column: 7, message: "a | b\nc", hint: "h" };
    const md = renderMarkdown(reportWith({ findings: [finding] }));
    expect(md).toContain("| error | r | compose.yaml:3:7 | a \\| b c | h |");
  });

  it("cannot close its code fence early when a probe's excerpt holds one", () => {
    const failing = { ...fixtureInput.evidence[1]!, excerpt: "before\n```\nafter" };
    const md = renderMarkdown(reportWith({ evidence: [failing] }));
    const detail = section(md, "Probes").split("### Failed: live-updates")[1]!;
    expect(detail).toContain("before\n'''\nafter");
    expect(detail.match(/```/g)).toHaveLength(2);
    expect(detail).toContain("- declared at /p/compose.yaml:7:9");
    expect(detail).toContain("- observed: upgraded=false, status=400, latencyMs=8");
  });

  it("explains engine times when berth up left no record, and an unknown origin without containers", () => {
    expect(renderMarkdown(reportWith({ timelineSource: "engine" }))).toContain("times from the engine now (no berth up record)");
    const missing = fixtureInput.services.map((s) => ({ ...s, state: "missing", createdAt: null, startedAt: null, healthyAt: null }));
    const md = renderMarkdown(reportWith({ services: missing }));
    expect(section(md, "Startup timeline")).toContain("first container was created (unknown)");
    expect(md).toContain("0/5 services ready");
  });
});

describe("renderHtml on odd inputs", () => {
  it("escapes what the user named, so a project or a message cannot inject markup", () => {
    const html = renderHtml(reportWith({ project: `<img onerror="x">`, findings: [{ rule: "r", severity: "warning", file: "a&b.yaml", line: 1, column: 1, message: "<b>bold</b>", hint: "'q'" }] }));
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>bold</b>");
    expect(html).toContain("&lt;img onerror=&quot;x&quot;&gt;");
    expect(html).toContain("<td>a&amp;b.yaml:1:1</td>");
    expect(html).toContain("&#39;q&#39;");
  });

  it("marks a failed probe and lists its hint and excerpt; says when sections are empty", () => {
    const html = renderHtml(buildReport(fixtureInput));
    expect(html).toContain(`<td class="bad">FAIL</td>`);
    expect(html).toContain("<li>hint: the upgrade did not reach the backend: a proxy in front must forward it</li>");
    expect(html).toContain("<pre>{&quot;code&quot;:3,&quot;message&quot;:&quot;Bad request&quot;}</pre>");
    const empty = renderHtml(reportWith({ evidence: [], findings: null }));
    expect(empty).toContain("No probe ran.");
    expect(empty).toContain("berth check could not run.");
    expect(empty).toContain(`<span class="verdict warn">PASS WITH WARNINGS</span>`);
  });

  it("draws 'not ready' for a service that never became ready", () => {
    const services = [{ ...fixtureInput.services[0]!, health: "unhealthy", healthyAt: null }];
    const svg = renderTimelineSvg(buildTimeline(services));
    expect(svg).toContain(">not ready</text>");
    expect(svg).not.toContain("<circle");
  });

  it("draws an empty chart (axis and legend only) when no container exists", () => {
    const svg = renderTimelineSvg(buildTimeline([]));
    expect(svg).toMatch(/^<svg [^>]*height="64"/);
    expect(svg).not.toContain("<title>");
    expect(svg).toContain("0 s</text>");
  });
});

describe("buildTimeline readiness", () => {
  it("has no ready time for a job that failed or a service still starting", () => {
    const base = fixtureInput.services[3]!;
    const rows = buildTimeline([
      { ...base, service: "job", exitCode: 1 },
      { ...fixtureInput.services[2]!, service: "slow", health: "starting", healthyAt: null },
    ]).rows;
    expect(rows.map((r) => [r.service, r.ready, r.readyKind])).toEqual([
      ["job", null, "none"],
      ["slow", null, "none"],
    ]);
  });
});

describe("renderJson", () => {
  it("carries a schema version and the computed verdict for consumers", () => {
    const parsed = JSON.parse(renderJson(buildReport(fixtureInput))) as { schema: string; verdict: { status: string }; project: string };
    expect(parsed).toMatchObject({ schema: "berth.report/v1", project: "shop", verdict: { status: "fail" } });
  });
});
