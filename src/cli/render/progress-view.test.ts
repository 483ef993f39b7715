import { describe, expect, it } from "vitest";
import type { ProgressEvent, ServicePhase } from "../../deploy/progress.js";
import { BufferSink } from "../io.js";
import { renderColumns } from "../commands/table.js";
import { createProgressView, formatPlainLine } from "./progress-view.js";

const at = Date.parse("2026-11-23T07:30:00.000Z");
const event = (service: string, phase: ServicePhase, seconds: number, detail?: string): ProgressEvent => ({ service, phase, at: at + seconds * 1000, ...(detail === undefined ? {} : { detail }) });

/** The live view's lines as a terminal would show them after all redraws (cursor-up and clear-line applied). */
function screen(text: string): string[] {
  const escape = String.fromCharCode(27);
  const cursorUp = new RegExp(`^${escape}\\[(\\d+)A`);
  const lines: string[] = [];
  let cursor = 0;
  for (const chunk of text.split(new RegExp(`(?=${escape}\\[\\d+A)`))) {
    const up = cursorUp.exec(chunk);
    if (up) cursor -= Number(up[1]);
    for (const line of chunk.replace(cursorUp, "").split("\n").slice(0, -1)) lines[cursor++] = line.replace(`${escape}[2K`, "");
  }
  return lines.slice(0, cursor);
}

describe("progress on a pipe or in CI", () => {
  it("writes one timestamped line per event, with its detail", () => {
    expect(formatPlainLine(event("api", "starting", 1.5, "new container"))).toBe("2026-11-23T07:30:01.500Z api starting (new container)\n");
    const sink = new BufferSink();
    const view = createProgressView({ sink, live: false, quiet: false });
    view.onProgress(event("db", "healthy", 2));
    view.finish();
    expect(sink.text).toBe("2026-11-23T07:30:02.000Z db healthy\n");
  });

  it("writes nothing with --quiet, even on a terminal", () => {
    const sink = new BufferSink();
    const view = createProgressView({ sink, live: true, quiet: true });
    view.onProgress(event("db", "failed", 1));
    view.finish();
    expect(sink.text).toBe("");
  });
});

describe("progress on a terminal", () => {
  it("keeps one line per service, redrawn in place, its clock stopped at a final phase", () => {
    const sink = new BufferSink();
    let now = at;
    const view = createProgressView({ sink, live: true, quiet: false, now: () => now });
    view.onProgress(event("db", "starting", 0));
    view.onProgress(event("frontend", "pulling", 0.5, "nginx:1.22"));
    view.onProgress(event("db", "healthy", 3.2));
    now = at + 9_000;
    view.finish();
    expect(screen(sink.text)).toEqual(["✔ db        healthy      3.2s", "… frontend  pulling      8.5s  nginx:1.22"]);
  });

  it("marks a failed or blocked service and keeps the clock of a repeated phase (build output)", () => {
    const sink = new BufferSink();
    const view = createProgressView({ sink, live: true, quiet: false, now: () => at + 4_000 });
    view.onProgress(event("api", "building", 0, "step 1/5"));
    view.onProgress(event("api", "building", 2, "step 2/5"));
    view.onProgress(event("web", "blocked", 1, "api is not healthy"));
    view.onProgress(event("api", "failed", 3, `exit 1 ${"x".repeat(80)}`));
    view.finish();
    const [api, web] = screen(sink.text);
    expect(api).toBe(`✘ api       failed       3.0s  exit 1 ${"x".repeat(53)}`);
    expect(web).toBe("✘ web       blocked      0.0s  api is not healthy");
  });
});

describe("renderColumns", () => {
  it("pads each column to its widest cell, three spaces apart, without trailing blanks", () => {
    expect(renderColumns(["NAME", "PORTS"], [["shop-web-1", "127.0.0.1:8080->80/tcp"], ["shop-db-1", ""]])).toBe("NAME         PORTS\nshop-web-1   127.0.0.1:8080->80/tcp\nshop-db-1\n");
  });
});
