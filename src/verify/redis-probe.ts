import type { Evidence, RedisProbe } from "./probe.js";
import { toEvidence, type Verdict } from "./evidence.js";
import type { ExecResult } from "../engine/engine.js";
import { findServiceContainer, notRunningFailure, type EngineProbeContext } from "./service-container.js";

/** Runs a command with redis-cli in the redis container; the reply must contain `expect`. */
export async function runRedisProbe(probe: RedisProbe, context: EngineProbeContext): Promise<Evidence> {
  const startedAt = new Date();
  const target = `redis ${probe.service}: ${probe.command.join(" ")}`;
  const details = await findServiceContainer(context, probe.service);
  if (details?.State.Running !== true) return toEvidence(probe, { target, failures: [notRunningFailure(probe.service, details)], passSummary: "", facts: {} }, startedAt, 0);
  // REDISCLI_AUTH keeps the password off the command line.
  const env = probe.password === undefined ? [] : [`REDISCLI_AUTH=${probe.password}`];
  const result = await context.engine.exec(details.Id, { command: ["redis-cli", ...probe.command], env, timeoutMs: probe.timeoutMs });
  return toEvidence(probe, judgeRedis(probe, target, result), startedAt, result.durationMs);
}

/** The reply must contain the expected text; NOAUTH/WRONGPASS get a hint. */
export function judgeRedis(probe: RedisProbe, target: string, result: ExecResult): Verdict {
  const reply = result.output.trim();
  const failures = result.exitCode !== 0 || !reply.includes(probe.expect) ? [`expected a reply containing ${JSON.stringify(probe.expect)}, got ${JSON.stringify(reply.slice(0, 200))}`] : [];
  const hint = /NOAUTH|WRONGPASS/.test(reply) ? "redis wants a password: give the probe the one the app uses (password:)" : undefined;
  return { target, failures, passSummary: `${reply.slice(0, 40)} in ${result.durationMs} ms`, facts: { durationMs: result.durationMs }, excerpt: reply, hint };
}
