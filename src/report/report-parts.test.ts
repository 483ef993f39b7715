import { describe, expect, it } from "vitest";
import { formatBytes, formatMemory, formatPercent, offsetSeconds, verdictWord } from "./format.js";
import { escapeHtml } from "./html-escape.js";
import { renderTimelineSvg } from "./html-timeline.js";
import type { ServiceStatus } from "./report.js";
import { buildTimeline } from "./timeline.js";

// The pieces the Markdown and HTML renderers are made of, each checked for what it must say.

const status = (service: string, over: Partial<ServiceStatus> = {}): ServiceStatus => ({
  service,
  container: `shop-${service}-1`,
  image: "app",
  imageSizeBytes: null,
  state: "running",
  health: "healthy",
  exitCode: null,
  oneShot: false,
  ports: [],
  restarts: 0,
  cpuPercent: null,
  memoryBytes: null,
  memoryLimitBytes: null,
  createdAt: null,
  startedAt: null,
  healthyAt: null,
  finishedAt: null,
  ...over,
});

const at = (seconds: number): string => new Date(Date.parse("2026-12-07T17:00:00.000Z") + seconds * 1000).toISOString();

describe("formatters", () => {
  it("write bytes in binary units with one decimal above bytes, and - when unknown", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1024)).toBe("1.0 KiB");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(5 * 1024 ** 3)).toBe("5.0 GiB");
    expect(formatBytes(3 * 1024 ** 5)).toBe("3072.0 TiB");
    expect(formatBytes(null)).toBe("-");
  });

  it("write memory against its limit only when there is one", () => {
    expect(formatMemory(1024 ** 2, 1024 ** 3)).toBe("1.0 MiB / 1.0 GiB");
    expect(formatMemory(1024 ** 2, null)).toBe("1.0 MiB");
    expect(formatMemory(1024 ** 2, 0)).toBe("1.0 MiB");
    expect(formatMemory(null, 1024)).toBe("-");
  });

  it("write percentages and offsets from the first container", () => {
    expect(formatPercent(12.345)).toBe("12.3%");
    expect(formatPercent(null)).toBe("-");
    expect(offsetSeconds(at(0), at(3.25))).toBe("+3.3 s");
    expect(offsetSeconds(null, at(1))).toBe("-");
    expect(offsetSeconds(at(0), null)).toBe("-");
  });

  it("name the three verdicts", () => {
    expect(verdictWord).toEqual({ pass: "PASS", warn: "PASS WITH WARNINGS", fail: "FAIL" });
  });
});

describe("escapeHtml", () => {
  it("escapes the five characters that break element content or a quoted attribute", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    expect(escapeHtml(42)).toBe("42");
    expect(escapeHtml("plain text")).toBe("plain text");
  });
});

describe("buildTimeline", () => {
  it("measures from the first container created and orders services by start", () => {
    const timeline = buildTimeline([
      status("api", { createdAt: at(3), startedAt: at(3.5), healthyAt: at(6) }),
      status("db", { createdAt: at(0), startedAt: at(0.5), healthyAt: at(2) }),
      status("cache", { health: "none", createdAt: at(0.2), startedAt: at(0.5) }),
    ]);
    expect(timeline.origin).toBe(at(0));
    expect(timeline.rows.map((row) => [row.service, row.created, row.started, row.ready, row.readyKind])).toEqual([
      ["cache", 0.2, 0.5, 0.5, "started"],
      ["db", 0, 0.5, 2, "healthy"],
      ["api", 3, 3.5, 6, "healthy"],
    ]);
    expect(timeline.span).toBe(6);
  });

  it("calls a job ready when it exited 0, and never when it failed or a service never became healthy", () => {
    const timeline = buildTimeline([
      status("migrate", { oneShot: true, state: "exited", exitCode: 0, createdAt: at(0), startedAt: at(1), finishedAt: at(2) }),
      status("seed", { oneShot: true, state: "exited", exitCode: 1, createdAt: at(0), startedAt: at(1), finishedAt: at(1.5) }),
      status("api", { health: "unhealthy", createdAt: at(0), startedAt: at(1) }),
    ]);
    const kinds = Object.fromEntries(timeline.rows.map((row) => [row.service, [row.ready, row.readyKind]]));
    expect(kinds).toEqual({ migrate: [2, "completed"], seed: [null, "none"], api: [null, "none"] });
  });

  it("is empty with a span of 1 when nothing was ever created, and never goes below zero", () => {
    expect(buildTimeline([status("api")])).toEqual({ origin: null, rows: [], span: 1 });
    const early = buildTimeline([status("api", { createdAt: at(1), startedAt: at(0.5) })]);
    expect(early.rows[0]?.started).toBe(0);
    expect(early.span).toBe(1);
  });
});

describe("renderTimelineSvg", () => {
  it("draws one labelled row per service, a ready mark or 'not ready', and escapes service names", () => {
    const svg = renderTimelineSvg(buildTimeline([
      status("db", { createdAt: at(0), startedAt: at(0.5), healthyAt: at(2) }),
      status("<api>", { health: "unhealthy", createdAt: at(1), startedAt: at(1.5) }),
    ]));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).not.toContain("<script");
    expect(svg).toContain(">db</text>");
    expect(svg).toContain("&lt;api&gt;");
    expect(svg).not.toContain("<api>");
    expect(svg.match(/<circle /g)).toHaveLength(1);
    expect(svg).toContain("not ready");
    expect(svg).toContain("db healthy at +2.0 s");
  });
});
