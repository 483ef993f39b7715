import type { Evidence, HttpProbe, TcpProbe, WebsocketProbe } from "./probe.js";
import { toEvidence, type Verdict } from "./evidence.js";
import { judgeHttp } from "./judge-http.js";
import { judgeTcp } from "./judge-tcp.js";
import { judgeWebsocket } from "./judge-websocket.js";
import type { Observation, ObserveRequest, Observer } from "./observe.js";

export type NetworkProbe = HttpProbe | WebsocketProbe | TcpProbe;

export function isNetworkProbe(probe: { kind: string }): probe is NetworkProbe {
  return probe.kind === "http" || probe.kind === "websocket" || probe.kind === "tcp";
}

/**
 * Observes a batch of network probes with one observer run (all at once) and judges each.
 * An observer that cannot run at all fails every probe of the batch, with its error as evidence.
 */
export async function runNetworkProbes(probes: readonly NetworkProbe[], observe: Observer): Promise<Evidence[]> {
  if (probes.length === 0) return [];
  const startedAt = new Date();
  let observations: Observation[];
  try {
    observations = await observe(probes.map(toRequest));
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    observations = probes.map((probe) => ({ id: probe.name, elapsedMs: 0, error: `the observer could not run: ${text}` }));
  }
  return probes.map((probe, index) => {
    const seen = observations[index] ?? { id: probe.name, elapsedMs: 0, error: "no observation" };
    return toEvidence(probe, judge(probe, seen), startedAt, seen.elapsedMs);
  });
}

function judge(probe: NetworkProbe, seen: Observation): Verdict {
  if (probe.kind === "http") return judgeHttp(probe, seen);
  if (probe.kind === "websocket") return judgeWebsocket(probe, seen);
  return judgeTcp(probe, seen);
}

export function toRequest(probe: NetworkProbe): ObserveRequest {
  const common = { id: probe.name, timeoutMs: probe.timeoutMs };
  if (probe.kind === "http") return { ...common, kind: "http", url: probe.url, method: probe.method, headers: probe.headers, ...(probe.body === undefined ? {} : { body: probe.body }) };
  if (probe.kind === "websocket") return { ...common, kind: "websocket", url: probe.url, socketio: probe.socketio, ...(probe.send === undefined ? {} : { send: probe.send }) };
  return { ...common, kind: "tcp", host: probe.host, port: probe.port };
}
