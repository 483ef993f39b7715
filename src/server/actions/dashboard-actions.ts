import type { Engine } from "../../engine/engine.js";
import type { ServerActions } from "../server-context.js";
import { backUpNow, type BackUpNowOptions } from "./back-up-now.js";
import { verifyNow } from "./verify-now.js";

// Rollback (issue 7) is not implemented yet: the dashboard shows the action disabled with this.
export const rollbackUnavailable = "berth has no rollback yet (issue 7): redeploy the previous compose files with berth up";

/** The real actions, on the real engine, as `berth serve` wires them. */
export function dashboardActions(engine: Engine, options: BackUpNowOptions): ServerActions {
  return {
    verify: (served, signal) => verifyNow(engine, served, signal),
    backup: (served, signal) => backUpNow(engine, served, signal, options),
    rollbackUnavailable,
  };
}
