import { Option, type Command } from "commander";
import { ExitCode } from "../../common/errors.js";
import type { CliIO } from "../io.js";
import { awaitReady, renderReady, stableMsOf, waitTimeoutMs } from "./await-ready.js";
import type { ActionResult } from "./container-verb.js";

/** `--no-wait` and `--wait-timeout` of the verbs that start containers. */
export function readinessOptions(command: Command): Command {
  return command
    .option("--no-wait", "return once started, without waiting for the health gates")
    .addOption(new Option("--wait-timeout <seconds>", "give up waiting for readiness after this long").default("300"));
}

/** What `--no-wait` and `--wait-timeout` ask for, read before the verb acts (a bad value changes nothing). */
export interface Readiness {
  readonly wait: boolean;
  readonly waitTimeoutMs: number;
}

export function readinessOf(raw: Record<string, unknown>): Readiness {
  return { wait: raw["wait"] !== false, waitTimeoutMs: waitTimeoutMs(raw["waitTimeout"]) };
}

/** Waits for the containers a verb started; 0 when each is ready, 1 when one is not. */
export async function waitUntilReady(result: ActionResult, readiness: Readiness, raw: Record<string, unknown>, io: CliIO, startedAt: number): Promise<number> {
  if (!readiness.wait || result.acted.length === 0) return ExitCode.ok;
  const outcomes = await awaitReady(result.acted, {
    engine: result.engine,
    project: result.project,
    signal: io.signal,
    waitTimeoutMs: readiness.waitTimeoutMs,
    stableMs: stableMsOf(io.env),
  });
  const failed = outcomes.filter(({ outcome }) => !outcome.ok);
  if (raw["quiet"] !== true || failed.length > 0) (failed.length > 0 ? io.stderr : io.stdout).write(renderReady(raw["quiet"] === true ? failed : outcomes, startedAt));
  if (failed.length > 0) io.stderr.write(`hint: berth logs ${[...new Set(failed.map(({ row }) => row.service))].join(" ")} shows their output; berth up recreates them from the files\n`);
  return failed.length > 0 ? ExitCode.failed : ExitCode.ok;
}
