import { Hono } from "hono";
import type { ServedProject } from "../served-project.js";
import { rollbackAvailability } from "../rollback-availability.js";
import { redactedJson, type ProjectEnv, type ServerContext } from "../server-context.js";

type ActionName = "verify" | "backup" | "rollback";

/**
 * `POST /api/projects/:project/actions/{verify,backup,rollback}`: one action at a time per project
 * (a second gets 409, as does an action with nothing to act on). The token and same-origin guards run before these routes.
 */
export function projectActions(context: ServerContext, signal: AbortSignal): Hono<ProjectEnv> {
  const actions = new Hono<ProjectEnv>();
  const busy = new Map<string, ActionName>();
  for (const name of ["verify", "backup", "rollback"] as const) {
    actions.post(`/${name}`, async (c) => {
      const served = c.var.served;
      const unavailable = await whyUnavailable(served, name);
      if (unavailable !== undefined) return redactedJson(c, served, { ok: false, summary: unavailable }, 409);
      const running = busy.get(served.name);
      if (running !== undefined) return redactedJson(c, served, { error: `${running} is already running for ${served.name}` }, 409);
      busy.set(served.name, name);
      try {
        const result = await context.actions[name](served, signal);
        return redactedJson(c, served, result, result.ok ? 200 : 500);
      } catch (error) {
        return redactedJson(c, served, { ok: false, summary: `${name} failed: ${error instanceof Error ? error.message : String(error)}` }, 500);
      } finally {
        busy.delete(served.name);
      }
    });
  }
  return actions;
}

/** Why an action cannot run now (nothing to back up, nothing to roll back to), or undefined. */
export async function whyUnavailable(served: ServedProject, name: ActionName): Promise<string | undefined> {
  if (name === "backup" && served.backupServices.length === 0) return "no service has a backup driver";
  if (name !== "rollback") return undefined;
  const rollback = await rollbackAvailability(served.stateDir);
  return rollback.available ? undefined : rollback.reason;
}
