import { Hono } from "hono";
import { streamSSE, type SSEStreamingApi } from "hono/streaming";
import type { Engine } from "../../engine/engine.js";
import { composeLabel, projectFilter } from "../../engine/labels.js";
import type { ServedProject } from "../served-project.js";
import type { ProjectEnv, ServerContext } from "../server-context.js";

const keepAliveMs = 15_000;

/**
 * `/api/projects/:project/events`: the project's container events as server-sent events, straight
 * from the engine's event stream, so the dashboard redraws a service the moment it changes.
 */
export function projectEvents(context: ServerContext): Hono<ProjectEnv> {
  const events = new Hono<ProjectEnv>();
  events.get("/", (c) =>
    streamSSE(c, async (stream) => {
      const controller = new AbortController();
      stream.onAbort(() => controller.abort());
      const keepAlive = setInterval(() => void stream.writeSSE({ event: "ping", data: "" }).catch(() => controller.abort()), keepAliveMs);
      try {
        await stream.writeSSE({ event: "hello", data: JSON.stringify({ project: c.var.served.name }) });
        await forwardEngineEvents(context.engine, c.var.served, stream, controller.signal);
      } finally {
        clearInterval(keepAlive);
        controller.abort();
      }
    }),
  );
  return events;
}

async function forwardEngineEvents(engine: Engine, served: ServedProject, stream: SSEStreamingApi, signal: AbortSignal): Promise<void> {
  try {
    for await (const event of engine.events({ types: ["container"], labels: projectFilter(served.name) }, signal)) {
      const data = { action: event.action, service: event.attributes[composeLabel.service] ?? "", container: event.attributes["name"] ?? "", time: event.time };
      await stream.writeSSE({ event: "container", data: served.redactor.text(JSON.stringify(data)) });
    }
  } catch (error) {
    if (!signal.aborted) await stream.writeSSE({ event: "error", data: JSON.stringify({ error: served.redactor.text(String(error)) }) }).catch(() => undefined);
  }
}
