import type { TcpProbe } from "./probe.js";
import { roundMs, type Verdict } from "./evidence.js";
import type { Observation } from "./observe.js";

/** A TCP probe passes when the connection opens. */
export function judgeTcp(probe: TcpProbe, seen: Observation): Verdict {
  const target = `tcp ${probe.host}:${probe.port} (from ${probe.from})`;
  const failures = seen.connected === true ? [] : [`could not connect: ${seen.error ?? "unknown error"}`];
  const facts: Record<string, string | number> = { latencyMs: seen.elapsedMs };
  if (seen.remote !== undefined) facts["remote"] = seen.remote;
  return { target, failures, passSummary: `connected in ${roundMs(seen.elapsedMs)}`, facts, hint: `nothing accepts connections on ${probe.host}:${probe.port}: is the service up and listening there?` };
}
