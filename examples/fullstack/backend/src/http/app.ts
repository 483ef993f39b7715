import express, { type ErrorRequestHandler, type Express } from "express";
import type { Logger } from "../log.js";
import { notesRouter, type NotesDeps } from "../notes/routes.js";
import { opsRouter, type OpsDeps } from "./ops-routes.js";

export interface AppDeps {
  notes: Omit<NotesDeps, "onCreated">;
  ops: OpsDeps;
  log: Logger;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback, uniquelocal");
  app.use(deps.ops.metrics.middleware);
  app.use(express.json({ limit: "16kb" }));
  app.use(opsRouter(deps.ops));
  app.use("/api", notesRouter({ ...deps.notes, onCreated: () => deps.ops.metrics.notesCreated.inc() }));
  app.use("/api", (_req, res) => void res.status(404).json({ error: "not found" }));
  app.use(errorHandler(deps.log));
  return app;
}

function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      // body-parser's errors: malformed JSON, body too large.
      res.status(status).json({ error: (error as Error).message });
      return;
    }
    log.error("request failed", { method: req.method, path: req.path, error: String(error) });
    res.status(500).json({ error: "internal error" });
  };
}
