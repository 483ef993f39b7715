import { describe, expect, it } from "vitest";
import { BufferSink } from "../io.js";
import { createProgressView, formatPlainLine } from "./progress-view.js";
import { renderUpSummary } from "./up-summary.js";

const at = Date.parse("2026-11-23T07:30:01.123Z");

describe("progress views", () => {
  it("prints timestamped lines on a pipe", () => {
    expect(formatPlainLine({ service: "backend", phase: "starting", at, detail: "new container" })).toBe(
      "2026-11-23T07:30:01.123Z backend starting (new container)\n",
    );
  });

  it("redraws one line per service in place on a terminal", () => {
    const sink = new BufferSink();
    const view = createProgressView({ sink, live: true, quiet: false, now: () => at + 1500 });
    view.onProgress({ service: "db", phase: "starting", at });
    view.onProgress({ service: "db", phase: "healthy", at: at + 1000 });
    view.finish();
    const frames = sink.text.split("\x1b[1A");
    expect(frames.length).toBeGreaterThan(1);
    // The clock stops when the service is ready, though `now` moved on.
    expect(frames.at(-1)).toContain("✔ db        healthy      1.0s");
  });

  it("keeps a building service's clock running while its output lines stream in", () => {
    const sink = new BufferSink();
    const view = createProgressView({ sink, live: true, quiet: false, now: () => at + 2500 });
    view.onProgress({ service: "api", phase: "building", at, detail: "#1 [internal] load build definition" });
    view.onProgress({ service: "api", phase: "building", at: at + 2000, detail: "#5 RUN npm ci" });
    view.finish();
    expect(sink.text.split("\x1b[1A").at(-1)).toMatch(/… api\s+building\s+2\.5s\s+#5 RUN npm ci/);
  });

  it("prints nothing with --quiet", () => {
    const sink = new BufferSink();
    createProgressView({ sink, live: false, quiet: true }).onProgress({ service: "db", phase: "starting", at });
    expect(sink.text).toBe("");
  });
});

describe("renderUpSummary", () => {
  it("lists services, then each diagnosis with its evidence and fix", () => {
    const text = renderUpSummary({
      ok: false,
      project: "shop",
      warnings: [],
      services: [
        { service: "db", state: "running", health: "healthy", startedAt: null, healthyAt: null, diagnoses: [] },
        {
          service: "api",
          state: "exited",
          health: "none",
          startedAt: null,
          healthyAt: null,
          diagnoses: [{ code: "exit-nonzero", message: "api exited with code 3", evidence: { exitCode: 3, logTail: "a\nb" }, hint: "read the log" }],
        },
      ],
    });
    expect(text).toBe(
      [
        "✔ db        running (healthy)",
        "✘ api       exited  [exit-nonzero]",
        "",
        "api: exit-nonzero: api exited with code 3",
        "  exitCode: 3",
        "  logTail:",
        "    | a",
        "    | b",
        "  fix: read the log",
        "",
        "shop: 1 service(s) failed",
        "",
      ].join("\n"),
    );
  });
});
