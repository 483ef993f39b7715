import { Hono } from "hono";
import { streamSSE, type SSEStreamingApi } from "hono/streaming";
import type { Engine } from "../../engine/engine.js";
import { composeLabel, projectFilter } from "../../engine/labels.js";
import type { ServedProject } from "../served-project.js";
import type { ProjectEnv, ServerContext } from "../server-context.js";

const keepAliveMs = 15_000;

// What changes a service's state on the dashboard. Exec events are left out: every healthcheck run
// makes three (`exec_create: <command line>`, with any password in it), about one a second per
// service, and each made the page refetch; attach, resize and copy events change nothing shown.
const shownAction = /^(create|start|restart|stop|die|kill|oom|destroy|pause|unpause|rename|update|health_status)(:|$)/;

/** Whether a container event is forwarded to the dashboard. */
export function isShownEvent(action: string): boolean {
  return shownAction.test(action);
}

/**
 * `/api/projects/:project/events`: the project's container lifecycle events as server-sent events,
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
      if (!isShownEvent(event.action)) continue;
      const data = { action: event.action, service: event.attributes[composeLabel.service] ?? "", container: event.attributes["name"] ?? "", time: event.time };
      await stream.writeSSE({ event: "container", data: served.redactor.text(JSON.stringify(data)) });
    }
  } catch (error) {
    if (!signal.aborted) await stream.writeSSE({ event: "error", data: JSON.stringify({ error: served.redactor.text(String(error)) }) }).catch(() => undefined);
  }
}
