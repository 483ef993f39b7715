import { Hono } from "hono";
import type { Engine } from "../engine/engine.js";
import { projectActions } from "./routes/actions.js";
import { projectApi } from "./routes/api.js";
import { dashboardRoutes } from "./routes/dashboard.js";
import { projectEvents } from "./routes/events.js";
import { metricsRoute } from "./routes/metrics.js";
import { hostGuard, sameOriginGuard, tokenGuard } from "./security.js";
import type { ServedProject } from "./served-project.js";
import type { ProjectEnv, ServerActions, ServerContext } from "./server-context.js";
import type { SwarmSource } from "./swarm-view.js";

export interface AppOptions {
  readonly engine: Engine;
  readonly projects: readonly ServedProject[];
  /** Every mutating request must present it. */
  readonly token: string;
  readonly actions: ServerActions;
  /** `host:port` values the server answers to; undefined: any (tests). */
  readonly allowedHosts?: readonly string[];
  /** Aborted when the server stops: running actions and event streams end. */
  readonly signal?: AbortSignal;
  /** Nodes and tasks for the dashboard and /metrics when the engine is a Swarm manager. */
  readonly swarm?: SwarmSource;
}

/**
 * The `berth serve` application: JSON API, live events, actions, /metrics and the dashboard.
 * Guards run in this order for every request: Host, then (for mutations) same origin, then token.
 */
export function createApp(options: AppOptions): Hono {
  const context: ServerContext = { engine: options.engine, projects: new Map(options.projects.map((p) => [p.name, p])), actions: options.actions, ...(options.swarm === undefined ? {} : { swarm: options.swarm }) };
  const app = new Hono();
  app.use("*", hostGuard(options.allowedHosts), sameOriginGuard(), tokenGuard(options.token));
  app.get("/api/projects", (c) => c.json([...context.projects.keys()].map((name) => ({ name }))));
  app.route("/api/projects/:project", projectRoutes(context, options.signal ?? new AbortController().signal));
  app.route("/metrics", metricsRoute(context));
  app.route("/", dashboardRoutes());
  app.notFound((c) => c.json({ error: "not found" }, 404));
  app.onError((error, c) => c.json({ error: "internal error", detail: redactEverywhere(context, error.message) }, 500));
  return app;
}

function projectRoutes(context: ServerContext, signal: AbortSignal): Hono<ProjectEnv> {
  const routes = new Hono<ProjectEnv>();
  routes.use("*", async (c, next) => {
    const served = context.projects.get(c.req.param("project") ?? "");
    if (served === undefined) return c.json({ error: "no such project" }, 404);
    c.set("served", served);
    await next();
  });
  routes.route("/events", projectEvents(context));
  routes.route("/actions", projectActions(context, signal));
  routes.route("/", projectApi(context));
  return routes;
}

function redactEverywhere(context: ServerContext, text: string): string {
  return [...context.projects.values()].reduce((out, served) => served.redactor.text(out), text);
}
