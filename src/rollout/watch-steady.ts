import type { Engine } from "../deploy/engine-port.js";

/**
 * Watches containers for a while: each must keep running and must not turn unhealthy. Returns
 * the first trouble seen, or undefined when all stayed steady (or the signal aborted).
 */
export async function watchSteady(engine: Engine, ids: readonly string[], ms: number, signal: AbortSignal): Promise<{ containerId: string; detail: string } | undefined> {
  const until = Date.now() + ms;
  for (;;) {
    for (const id of ids) {
      const details = await engine.inspectContainer(id);
      if (!details?.State.Running) return { containerId: id, detail: `stopped while settling (exit ${details?.State.ExitCode ?? "?"})` };
      if (details.State.Health?.Status === "unhealthy") return { containerId: id, detail: "turned unhealthy while settling" };
    }
    if (Date.now() >= until || signal.aborted) return undefined;
    await new Promise((resolve) => setTimeout(resolve, Math.min(250, Math.max(0, until - Date.now()))));
  }
}
