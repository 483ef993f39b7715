import type { ProgressEvent } from "../../deploy/progress.js";
import type { TextSink } from "../io.js";

export interface ProgressView {
  readonly onProgress: (event: ProgressEvent) => void;
  finish(): void;
}

export interface ProgressViewOptions {
  readonly sink: TextSink;
  readonly live: boolean;
  readonly quiet: boolean;
  readonly now?: () => number;
}

/** A live view on a terminal, timestamped lines on a pipe or in CI, nothing with --quiet. */
export function createProgressView(options: ProgressViewOptions): ProgressView {
  if (options.quiet) return { onProgress: () => undefined, finish: () => undefined };
  return options.live ? new LiveView(options.sink, options.now ?? Date.now) : plainView(options.sink);
}

/** `2026-11-23T07:30:01.123Z backend starting (new container)` */
export function formatPlainLine(event: ProgressEvent): string {
  const detail = event.detail ? ` (${event.detail})` : "";
  return `${new Date(event.at).toISOString()} ${event.service} ${event.phase}${detail}\n`;
}

function plainView(sink: TextSink): ProgressView {
  return { onProgress: (event) => sink.write(formatPlainLine(event)), finish: () => undefined };
}

interface Row {
  phase: string;
  since: number;
  /** Set once the service reached a final phase: its clock stops there. */
  endedAt?: number;
  detail: string;
}

const finalPhases = new Set(["healthy", "completed", "running", "failed", "blocked", "up-to-date"]);

/** One line per service, redrawn in place, with the time spent in the current phase. */
class LiveView implements ProgressView {
  private readonly rows = new Map<string, Row>();
  private drawn = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sink: TextSink,
    private readonly now: () => number,
  ) {
    this.timer = setInterval(() => this.draw(), 200);
    this.timer.unref();
  }

  onProgress = (event: ProgressEvent): void => {
    const previous = this.rows.get(event.service);
    const final = finalPhases.has(event.phase);
    // A final phase keeps the clock of the phase it ends; a repeated phase (a build's output lines) keeps running.
    const since = previous && (final || previous.phase === event.phase) ? previous.since : event.at;
    this.rows.set(event.service, { phase: event.phase, since, detail: event.detail ?? "", ...(final ? { endedAt: event.at } : {}) });
    this.draw();
  };

  finish(): void {
    clearInterval(this.timer);
    this.draw();
  }

  private draw(): void {
    const width = Math.max(8, ...[...this.rows.keys()].map((name) => name.length));
    const lines = [...this.rows.entries()].map(([name, row]) => this.line(name.padEnd(width), row));
    const up = this.drawn > 0 ? `\x1b[${this.drawn}A` : "";
    this.sink.write(up + lines.map((line) => `\x1b[2K${line}\n`).join(""));
    this.drawn = lines.length;
  }

  private line(name: string, row: Row): string {
    const mark = row.phase === "failed" || row.phase === "blocked" ? "✘" : finalPhases.has(row.phase) ? "✔" : "…";
    const seconds = (((row.endedAt ?? this.now()) - row.since) / 1000).toFixed(1);
    const detail = row.detail ? `  ${row.detail.slice(0, 60)}` : "";
    return `${mark} ${name}  ${row.phase.padEnd(10)} ${seconds.padStart(5)}s${detail}`;
  }
}
