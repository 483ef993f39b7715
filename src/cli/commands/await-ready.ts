import { positiveSecondsMs } from "./verb-options.js";
import type { Project } from "../../compose/model/project.js";
import type { ContainerRow } from "../../deploy/list-containers.js";
import { EventHub } from "../../deploy/event-hub.js";
import type { GateOutcome } from "../../deploy/gates/gate.js";
import { selectGate } from "../../deploy/gates/select-gate.js";
import type { Engine } from "../../engine/engine.js";
import { readinessGate } from "../../plan/desired.js";

export interface ReadyOptions {
  readonly engine: Engine;
  readonly project: Project;
  readonly signal: AbortSignal;
  readonly waitTimeoutMs: number;
  readonly stableMs: number;
}

export interface ReadyOutcome {
  readonly row: ContainerRow;
  readonly gate: string;
  readonly outcome: GateOutcome;
}

/**
 * Waits, with the gate `up` uses for each service (healthy, completed or running steadily), until
 * every given container is ready again: `start` and `restart` keep the health gates of `up`.
 * Containers of services no longer in the files are not waited for.
 */
export async function awaitReady(rows: readonly ContainerRow[], options: ReadyOptions): Promise<ReadyOutcome[]> {
  const events = new EventHub();
  const stop = new AbortController();
  const signal = AbortSignal.any([options.signal, stop.signal]);
  const reading = events.run(options.engine, options.project.name, signal);
  const now = Date.now;
  const context = { engine: options.engine, events, signal, deadline: now() + options.waitTimeoutMs, stableMs: options.stableMs, now };
  try {
    const waits = rows.flatMap((row) => {
      const service = options.project.services[row.service];
      if (!service) return [];
      const kind = readinessGate(options.project, row.service);
      // Events carry the full id; a row has the short one.
      const wait = async () => {
        const containerId = (await options.engine.inspectContainer(row.id))?.Id ?? row.id;
        return { row, gate: kind, outcome: await selectGate(kind).waitUntilReady({ service, containerId }, context) };
      };
      return [wait()];
    });
    return await Promise.all(waits);
  } finally {
    stop.abort();
    await reading;
  }
}

/** One line per container: `web-1  healthy after 1.2 s` or `web-1  not healthy: <why>`. */
export function renderReady(outcomes: readonly ReadyOutcome[], startedAt: number): string {
  return outcomes
    .map(({ row, gate, outcome }) => {
      const name = `${row.service}-${row.number}`;
      if (outcome.ok) return `${name}  ${gate === "started-stable" ? "running" : gate} after ${((outcome.at - startedAt) / 1000).toFixed(1)} s\n`;
      return `${name}  not ${gate === "started-stable" ? "running steadily" : gate}: ${outcome.reason} (${outcome.detail})\n`;
    })
    .join("");
}

/** The wait limit of `--wait-timeout`, in milliseconds. */
export function waitTimeoutMs(value: unknown): number {
  return positiveSecondsMs("--wait-timeout", value ?? 300);
}

/** How long a service without a healthcheck must keep running, as for `up` (BERTH_STABLE_MS). */
export function stableMsOf(env: Readonly<Record<string, string | undefined>>): number {
  const configured = Number(env["BERTH_STABLE_MS"]);
  return Number.isFinite(configured) && configured >= 0 ? configured : 1500;
}
