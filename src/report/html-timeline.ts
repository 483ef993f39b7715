import { escapeHtml } from "./html-escape.js";
import type { Timeline } from "./timeline.js";

const layout = { labelWidth: 130, chartWidth: 640, rowHeight: 30, top: 28, bottom: 36 } as const;
const colors = { waiting: "#c9ced6", starting: "#f0b429", ready: "#2f9e44", missing: "#e03131" } as const;

/**
 * The startup timeline as inline SVG (no script, no external asset): per service a grey bar from
 * created to started, an amber bar from started to ready, and a green mark when it became ready.
 */
export function renderTimelineSvg(timeline: Timeline): string {
  const height = layout.top + timeline.rows.length * layout.rowHeight + layout.bottom;
  const width = layout.labelWidth + layout.chartWidth + 20;
  const x = (seconds: number) => layout.labelWidth + (seconds / timeline.span) * layout.chartWidth;
  const rows = timeline.rows.map((row, index) => {
    const y = layout.top + index * layout.rowHeight;
    const bar = (from: number | null, to: number | null, color: string, label: string) =>
      from === null || to === null ? "" : `<rect x="${x(from).toFixed(1)}" y="${y + 6}" width="${Math.max(2, x(to) - x(from)).toFixed(1)}" height="16" rx="3" fill="${color}"><title>${escapeHtml(label)}</title></rect>`;
    const mark = row.ready === null ? `<text x="${x(row.started ?? row.created ?? 0) + 6}" y="${y + 19}" class="missing">not ready</text>` : `<circle cx="${x(row.ready).toFixed(1)}" cy="${y + 14}" r="6" fill="${colors.ready}"><title>${escapeHtml(`${row.service} ${row.readyKind} at +${row.ready.toFixed(1)} s`)}</title></circle>`;
    return [
      `<text x="${layout.labelWidth - 8}" y="${y + 19}" text-anchor="end" class="label">${escapeHtml(row.service)}</text>`,
      bar(row.created, row.started, colors.waiting, `${row.service}: created → started`),
      bar(row.started, row.ready ?? row.started, colors.starting, `${row.service}: started → ${row.readyKind}`),
      mark,
    ].join("");
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Startup timeline" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" class="timeline">`,
    `<style>.label{font:13px sans-serif;fill:#222}.tick{font:11px sans-serif;fill:#666}.missing{font:12px sans-serif;fill:${colors.missing}}</style>`,
    ...axis(timeline, x, height),
    ...rows,
    legend(height),
    "</svg>",
  ].join("\n");
}

function axis(timeline: Timeline, x: (seconds: number) => number, height: number): string[] {
  const step = niceStep(timeline.span);
  const ticks: string[] = [];
  for (let s = 0; s <= timeline.span + 1e-9; s += step) {
    ticks.push(`<line x1="${x(s).toFixed(1)}" y1="${layout.top - 4}" x2="${x(s).toFixed(1)}" y2="${height - layout.bottom + 4}" stroke="#e5e7eb"/><text x="${x(s).toFixed(1)}" y="${layout.top - 10}" text-anchor="middle" class="tick">${formatTick(s)}</text>`);
  }
  return ticks;
}

const formatTick = (s: number): string => `${Number.isInteger(s) ? s : s.toFixed(1)} s`;

/** About 6–10 ticks: 0.5, 1, 2, 5, 10, 20, ... seconds apart. */
export function niceStep(span: number): number {
  for (const step of [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600]) if (span / step <= 10) return step;
  return Math.ceil(span / 10);
}

function legend(height: number): string {
  const y = height - 14;
  const item = (x: number, color: string, text: string) => `<rect x="${x}" y="${y - 10}" width="12" height="12" rx="2" fill="${color}"/><text x="${x + 16}" y="${y}" class="tick">${text}</text>`;
  return [item(layout.labelWidth, colors.waiting, "created → started"), item(layout.labelWidth + 150, colors.starting, "started → ready"), item(layout.labelWidth + 290, colors.ready, "ready (healthy; started without a healthcheck; a job completed)")].join("");
}
