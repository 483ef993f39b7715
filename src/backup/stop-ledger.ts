import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { durationToMillis } from "../common/duration.js";
import type { Project } from "../compose/model/project.js";
import type { ContainerDetails, Engine } from "../engine/engine.js";
import { composeLabel } from "../engine/labels.js";
import { locatedFsError } from "../common/fs-errors.js";

/**
 * The containers a backup or restore stopped and has not started again, kept in a file of the
 * project's state dir: when berth is killed mid-way, the next berth command reads it and starts
 * them (see recover.ts). Written before a stop, cleared after the start.
 */
export class StopLedger {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  /** Container ids recorded as stopped by a backup or restore. */
  async read(): Promise<string[]> {
    const text = await readFile(this.path, "utf8").catch(() => "");
    try {
      const parsed = JSON.parse(text) as unknown;
      return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === "string" && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(id)) : [];
    } catch {
      return [];
    }
  }

  add(id: string): Promise<void> {
    return this.update((ids) => [...new Set([...ids, id])]);
  }

  remove(id: string): Promise<void> {
    return this.update((ids) => ids.filter((known) => known !== id));
  }

  /** One change at a time, written atomically (a reader never sees half a list). */
  private update(change: (ids: string[]) => string[]): Promise<void> {
    const next = this.chain.then(async () => {
      const ids = change(await this.read());
      try {
        await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
        await writeFile(`${this.path}.tmp`, `${JSON.stringify(ids)}\n`, { mode: 0o600 });
        await rename(`${this.path}.tmp`, this.path);
      } catch (error) {
        throw locatedFsError(error, this.path, "recording which containers a backup stopped");
      }
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/** What stopping needs: the engine, where to record, and each service's stop grace. */
export interface StopContext {
  readonly engine: Engine;
  readonly ledger?: StopLedger;
  /** Seconds to wait for a service's container to stop: its `stop_grace_period`, else 10. */
  readonly stopGraceSeconds?: (service: string) => number;
}

/** Stops a container for a backup or restore, recorded first so a kill cannot leave it stopped for good. */
export async function stopRecorded(context: StopContext, container: ContainerDetails): Promise<void> {
  await context.ledger?.add(container.Id);
  const service = container.Config.Labels[composeLabel.service] ?? "";
  await context.engine.stopContainer(container.Id, { timeoutSeconds: context.stopGraceSeconds?.(service) ?? defaultStopGraceSeconds });
}

/** Starts a container stopped by stopRecorded and clears its record. */
export async function startRecorded(context: StopContext, container: ContainerDetails): Promise<void> {
  await context.engine.startContainer(container.Id);
  await context.ledger?.remove(container.Id);
}

/** Stops the containers, runs the work, and starts them again in order whatever happened. */
export async function withStopped<T>(context: StopContext, containers: readonly ContainerDetails[], work: () => Promise<T>): Promise<T> {
  const stopped: ContainerDetails[] = [];
  try {
    for (const container of containers) {
      await stopRecorded(context, container);
      stopped.push(container);
    }
    return await work();
  } finally {
    for (const container of [...stopped].reverse()) await startRecorded(context, container);
  }
}

/** The ledger of a project's state dir. */
export function stopLedgerIn(stateDir: string): StopLedger {
  return new StopLedger(join(stateDir, "backup-stopped.json"));
}

/** Each service's `stop_grace_period` in whole seconds (at least 1), else 10, as compose gives `docker stop`. */
export function stopGraceFrom(project: Project): (service: string) => number {
  return (service) => {
    const millis = durationToMillis(project.services[service]?.stop_grace_period);
    return millis === undefined ? defaultStopGraceSeconds : Math.max(1, Math.ceil(millis / 1000));
  };
}

/** Docker's own default for `docker stop`, and compose's when no stop_grace_period is set. */
export const defaultStopGraceSeconds = 10;
