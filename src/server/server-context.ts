import type { Context } from "hono";
import type { Engine } from "../engine/engine.js";
import type { ServedProject } from "./served-project.js";
import type { SwarmSource } from "./swarm-view.js";

/** What an action of the dashboard reports back (already redacted by the route). */
export interface ActionResult {
  readonly ok: boolean;
  readonly summary: string;
  readonly runId?: string;
  readonly detail?: unknown;
}

/** Mutations the dashboard can trigger; the CLI wires the real ones (server/actions/). */
export interface ServerActions {
  verify(served: ServedProject, signal: AbortSignal): Promise<ActionResult>;
  backup(served: ServedProject, signal: AbortSignal): Promise<ActionResult>;
  /** Offered only while the project has an earlier deployed release (rollback-availability.ts). */
  rollback(served: ServedProject, signal: AbortSignal): Promise<ActionResult>;
}

export interface ServerContext {
  readonly engine: Engine;
  readonly projects: ReadonlyMap<string, ServedProject>;
  readonly actions: ServerActions;
  /** The stack's nodes and tasks when the engine is a Swarm manager (swarm-view.ts). */
  readonly swarm?: SwarmSource;
}

export type ProjectEnv = { Variables: { served: ServedProject } };

/** JSON with every string passed through the project's redactor: no secret reaches the browser. */
export function redactedJson(c: Context, served: ServedProject, value: unknown, status: 200 | 202 | 400 | 404 | 409 | 500 | 501 = 200): Response {
  return c.json(served.redactor.data(value) as object, status);
}
