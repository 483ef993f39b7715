import { Hono } from "hono";
import type { ServedProject } from "../served-project.js";
import { redactedJson, type ActionResult, type ProjectEnv, type ServerContext } from "../server-context.js";

type ActionName = "verify" | "backup" | "rollback";

/**
 * `POST /api/projects/:project/actions/{verify,backup,rollback}`: one action at a time per project
 * (a second gets 409). The token and same-origin guards run before these routes.
 */
export function projectActions(context: ServerContext, signal: AbortSignal): Hono<ProjectEnv> {
  const actions = new Hono<ProjectEnv>();
  const busy = new Map<string, ActionName>();
  for (const name of ["verify", "backup", "rollback"] as const) {
    actions.post(`/${name}`, async (c) => {
      const served = c.var.served;
      const run = actionFor(context, name);
      if (typeof run === "string") return redactedJson(c, served, { error: run }, 501);
      const running = busy.get(served.name);
      if (running !== undefined) return redactedJson(c, served, { error: `${running} is already running for ${served.name}` }, 409);
      busy.set(served.name, name);
      try {
        const result = await run(served, signal);
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

// The action's function, or why there is none (rollback until issue 7 lands).
function actionFor(context: ServerContext, name: ActionName): string | ((served: ServedProject, signal: AbortSignal) => Promise<ActionResult>) {
  if (name === "rollback") return context.actions.rollback?.bind(context.actions) ?? context.actions.rollbackUnavailable ?? "rollback is not available";
  return context.actions[name].bind(context.actions);
}
