import type { Engine } from "../../engine/engine.js";
import type { ServerActions } from "../server-context.js";
import { backUpNow, type BackUpNowOptions } from "./back-up-now.js";
import { rollBackNow } from "./roll-back-now.js";
import { verifyNow } from "./verify-now.js";

/** The real actions, on the real engine, as `berth serve` wires them. */
export function dashboardActions(engine: Engine, options: BackUpNowOptions): ServerActions {
  return {
    verify: (served, signal) => verifyNow(engine, served, signal),
    backup: (served, signal) => backUpNow(engine, served, signal, options),
    rollback: (served, signal) => rollBackNow(engine, served, signal, options.env),
  };
}
