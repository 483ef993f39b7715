import { randomBytes } from "node:crypto";
import { OperationFailed } from "../common/errors.js";
import type { Engine, ExecResult } from "../engine/engine.js";
import { berthLabel, composeLabel, composeVersion } from "../engine/labels.js";
import { helperLabel } from "./one-shot.js";

/** A throwaway container a drill restores into. */
export interface ScratchSpec {
  readonly project: string;
  readonly purpose: string;
  readonly image: string;
  readonly env?: readonly string[];
  readonly binds?: readonly string[];
  /** Overrides the image's command (the entrypoint stays, so official images initialise). */
  readonly cmd?: readonly string[];
  readonly entrypoint?: readonly string[];
}

export interface Scratch {
  readonly id: string;
  exec(command: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<ExecResult>;
  /** Polls until the command succeeds; OperationFailed (with the log tail) if the container dies or time runs out. */
  waitUntil(command: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<void>;
  logTail(): Promise<string>;
  remove(): Promise<void>;
}

/**
 * Starts a scratch container with no network at all (only loopback): nothing can reach the
 * restored copy and it can reach nothing, which is stricter than a private bridge network and
 * leaves no network behind to clean up.
 */
export async function startScratch(engine: Engine, spec: ScratchSpec): Promise<Scratch> {
  const id = await engine.createContainer({
    name: `${spec.project}-${spec.purpose}-${randomBytes(4).toString("hex")}`,
    Image: spec.image,
    Env: spec.env ?? [],
    ...(spec.cmd === undefined ? {} : { Cmd: spec.cmd }),
    ...(spec.entrypoint === undefined ? {} : { Entrypoint: spec.entrypoint }),
    Labels: { [composeLabel.project]: spec.project, [composeLabel.service]: spec.purpose, [composeLabel.oneoff]: "True", [composeLabel.version]: composeVersion, [berthLabel.managed]: "true", [helperLabel]: "drill" },
    HostConfig: { NetworkMode: "none", Binds: [...(spec.binds ?? [])] },
  });
  const scratch = scratchHandle(engine, id);
  try {
    await engine.startContainer(id);
  } catch (error) {
    await scratch.remove();
    throw error;
  }
  return scratch;
}

function scratchHandle(engine: Engine, id: string): Scratch {
  const logTail = async () => (await engine.readLogs(id, { tail: 15 })).map((chunk) => chunk.text).join("").trim();
  const exec = (command: readonly string[], timeoutMs: number, signal?: AbortSignal) => engine.exec(id, { command, timeoutMs, ...(signal === undefined ? {} : { signal }) });
  return {
    id,
    exec,
    logTail,
    remove: () => engine.removeContainer(id, { force: true, volumes: true }).catch(() => undefined),
    waitUntil: (command, timeoutMs, signal) => pollUntil(engine, id, () => exec(command, 5_000, signal), logTail, timeoutMs),
  };
}

async function pollUntil(engine: Engine, id: string, attempt: () => Promise<ExecResult>, logTail: () => Promise<string>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = (await engine.inspectContainer(id))?.State;
    if (state !== undefined && !state.Running) throw new OperationFailed("backup.drill-died", `the scratch container exited (code ${state.ExitCode}) while restoring:\n${await logTail()}`);
    const result = await attempt().catch(() => undefined);
    if (result?.exitCode === 0) return;
    if (Date.now() > deadline) throw new OperationFailed("backup.drill-timeout", `the scratch container was not ready within ${Math.round(timeoutMs / 1000)} s:\n${await logTail()}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
