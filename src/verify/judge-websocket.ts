import type { WebsocketProbe } from "./probe.js";
import { roundMs, type Verdict } from "./evidence.js";
import type { Observation } from "./observe.js";

const upgradeHint =
  'the upgrade did not reach the backend: a proxy in front must forward it (nginx: proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade")';

/** Judges a WebSocket (or Socket.IO) observation: the upgrade, then one message round trip. */
export function judgeWebsocket(probe: WebsocketProbe, seen: Observation): Verdict {
  const target = `${probe.socketio ? "Socket.IO" : "WebSocket"} ${probe.url} (from ${probe.from})`;
  const facts = websocketFacts(seen);
  const excerpt = seen.upgraded === true ? (seen.received ?? []).join("\n") : seen.body;
  const failures = upgradeFailures(seen) ?? messageFailures(probe, seen);
  const hint = seen.upgraded === true ? "the upgrade worked but no reply came: look at the backend's logs" : seen.status === undefined ? "nothing answered: is the port published and the proxy running?" : upgradeHint;
  return { target, failures, passSummary: `upgraded (101) and a message round-tripped in ${roundMs(seen.roundTripMs ?? seen.elapsedMs)}`, facts, excerpt, hint };
}

function upgradeFailures(seen: Observation): string[] | undefined {
  if (seen.upgraded !== true) {
    const answer = seen.status === undefined ? (seen.error ?? "no answer") : `${seen.status} ${seen.statusText ?? ""}`.trim();
    return [`expected the upgrade (101 Switching Protocols), got ${answer}`];
  }
  if (seen.acceptValid !== true) return ["the server's Sec-WebSocket-Accept does not match the key sent"];
  return undefined;
}

function messageFailures(probe: WebsocketProbe, seen: Observation): string[] {
  const received = seen.received ?? [];
  if (probe.socketio) {
    if (!received.some((text) => text.startsWith("0"))) return [`expected the Engine.IO open packet, ${seen.error ?? "got none"}`];
    return received.some((text) => text.startsWith("40") || text.startsWith("44")) ? [] : [`expected the Socket.IO namespace connect to be answered, ${seen.error ?? "got no answer"}`];
  }
  if (probe.send === undefined) return [];
  const wanted = probe.expect ?? probe.send;
  if (received.length === 0) return [`expected a reply to ${JSON.stringify(probe.send)}, ${seen.error ?? "got none"}`];
  return received.some((text) => text.includes(wanted)) ? [] : [`expected a reply containing ${JSON.stringify(wanted)}, got ${JSON.stringify(received[0])}`];
}

function websocketFacts(seen: Observation): Record<string, string | number | boolean> {
  const facts: Record<string, string | number | boolean> = { upgraded: seen.upgraded === true, latencyMs: seen.elapsedMs };
  if (seen.status !== undefined) facts["status"] = seen.status;
  if (seen.upgradeMs !== undefined) facts["upgradeMs"] = seen.upgradeMs;
  if (seen.roundTripMs !== undefined) facts["roundTripMs"] = seen.roundTripMs;
  if (seen.closedCode !== undefined) facts["closedCode"] = seen.closedCode;
  return facts;
}
