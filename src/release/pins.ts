import { readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Project, Service } from "../compose/model/project.js";
import { imageOf } from "../plan/desired.js";

/**
 * A service `berth rollback` returned to an older image: plain `up` keeps that image id until a
 * new build of it is deployed, its image reference changes in the files, or `up --release latest`.
 */
export interface Pin {
  readonly service: string;
  /** The image reference of the files when the rollback ran (`app:latest`). */
  readonly image: string;
  readonly imageId: string;
  /** The release the rollback returned to. */
  readonly release: number;
}

/** Service → the image id it stays on and why, as the planner needs it. */
export type PinnedImages = Readonly<Record<string, { readonly imageId: string; readonly why: string }>>;

/** `pins.json` in the project's state directory. */
export function pinsPath(stateDir: string): string {
  return join(stateDir, "pins.json");
}

/** The recorded pins; none when the file is missing or unreadable (a pin is never worth a failed up). */
export async function readPins(stateDir: string): Promise<Pin[]> {
  const text = await readFile(pinsPath(stateDir), "utf8").catch(() => "[]");
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter(isPin) : [];
  } catch {
    return [];
  }
}

/** Replaces the recorded pins; an empty list removes the file. Callers hold the project lock. */
export async function writePins(stateDir: string, pins: readonly Pin[]): Promise<void> {
  if (pins.length === 0) {
    await rm(pinsPath(stateDir), { force: true });
    return;
  }
  await mkdir(stateDir, { recursive: true });
  const sorted = [...pins].sort((a, b) => a.service.localeCompare(b.service));
  await writeFile(pinsPath(stateDir), `${JSON.stringify(sorted, null, 2)}\n`, { mode: 0o600 });
}

/** Pins after a rollback: the rolled services pinned to the target's ids, other pins kept. */
export function pinsAfterRollback(existing: readonly Pin[], rolled: readonly Pin[]): Pin[] {
  const replaced = new Set(rolled.map((pin) => pin.service));
  return [...existing.filter((pin) => !replaced.has(pin.service)), ...rolled];
}

/** What `up` does with each recorded pin. */
export interface PinDecision {
  readonly kept: readonly Pin[];
  /** Pins this run lifts, each with the reason said in the plan. */
  readonly lifted: readonly { readonly pin: Pin; readonly reason: string }[];
}

export interface PinContext {
  readonly project: Project;
  /** `up --release latest`: every pin is lifted. */
  readonly releaseLatest: boolean;
  /** Image references this run builds (--build, a changed build context, pull_policy: build). */
  readonly building: ReadonlySet<string>;
}

/** Pure: which pins still hold for this run of `up`, and why the others end. */
export function decidePins(pins: readonly Pin[], context: PinContext): PinDecision {
  const kept: Pin[] = [];
  const lifted: { pin: Pin; reason: string }[] = [];
  for (const pin of pins) {
    const reason = liftReason(pin, context);
    if (reason === undefined) kept.push(pin);
    else lifted.push({ pin, reason });
  }
  return { kept, lifted };
}

function liftReason(pin: Pin, context: PinContext): string | undefined {
  if (context.releaseLatest) return "--release latest";
  const service: Service | undefined = context.project.services[pin.service];
  if (!service) return undefined;
  const image = imageOf(context.project, service);
  if (image !== pin.image) return `its image is now ${image} (was ${pin.image})`;
  if (context.building.has(image)) return `a new build of ${image} is deployed`;
  return undefined;
}

/** The planner's view of the kept pins, for services of this run's project only. */
export function pinnedImages(pins: readonly Pin[], project: Project): PinnedImages {
  const entries = pins.filter((pin) => pin.service in project.services).map((pin) => [pin.service, { imageId: pin.imageId, why: `rollback to #${pin.release}` }] as const);
  return Object.fromEntries(entries);
}

function isPin(value: unknown): value is Pin {
  if (value === null || typeof value !== "object") return false;
  const pin = value as Record<string, unknown>;
  return typeof pin["service"] === "string" && typeof pin["image"] === "string" && typeof pin["imageId"] === "string" && typeof pin["release"] === "number";
}
