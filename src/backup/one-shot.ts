import { randomBytes } from "node:crypto";
import { OperationFailed } from "../common/errors.js";
import type { Engine } from "../engine/engine.js";
import { berthLabel, composeLabel, composeVersion } from "../engine/labels.js";

/** What a helper or scratch container was started for. */
export type HelperRole = "backup" | "drill" | "restore" | "migrate";

/** The label naming a backup helper's role (value: a HelperRole). */
export const helperLabel = "io.berth.backup-helper";

/** A short-lived container that runs one shell script and is removed afterwards. */
export interface OneShotSpec {
  readonly project: string;
  /** What it is for, part of the container name: `backup-postgres`, `migrate`. */
  readonly purpose: string;
  /** Labelled on the container, so a berth killed mid-way leaves helpers the next run can find. */
  readonly role: HelperRole;
  readonly image: string;
  readonly script: string;
  readonly env?: readonly string[];
  /** `host:container[:ro]` bind mounts. */
  readonly binds?: readonly string[];
  /** `container:<id>` to share a service's network namespace, or a network name. */
  readonly networkMode?: string;
  readonly user?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface OneShotResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the script with `sh -c` in a fresh container and returns its exit code and output. The
 * container carries the project's labels as a one-off (so `berth down` would sweep a leftover)
 * and is removed whatever happens.
 */
export async function runOneShot(engine: Engine, spec: OneShotSpec): Promise<OneShotResult> {
  const name = `${spec.project}-${spec.purpose}-${randomBytes(4).toString("hex")}`;
  const id = await engine.createContainer(createRequest(name, spec));
  try {
    await engine.startContainer(id);
    const exitCode = await waitBounded(engine, id, spec);
    const chunks = await engine.readLogs(id);
    const of = (stream: string) => chunks.filter((chunk) => chunk.stream === stream).map((chunk) => chunk.text).join("");
    return { exitCode, stdout: of("stdout"), stderr: of("stderr") };
  } finally {
    await engine.removeContainer(id, { force: true, volumes: true }).catch(() => undefined);
  }
}

/** The one-shot's script failed: the message carries the tail of what it printed. */
export function oneShotFailed(code: string, doing: string, result: OneShotResult, hint?: string): OperationFailed {
  const tail = `${result.stderr}${result.stdout}`.trim().split("\n").slice(-8).join("\n");
  return new OperationFailed(code, `${doing} failed (exit ${result.exitCode})${tail === "" ? "" : `:\n${tail}`}`, hint === undefined ? {} : { hint });
}

function createRequest(name: string, spec: OneShotSpec) {
  return {
    name,
    Image: spec.image,
    Entrypoint: ["/bin/sh", "-c"],
    Cmd: [spec.script],
    Env: spec.env ?? [],
    ...(spec.user === undefined ? {} : { User: spec.user }),
    Labels: {
      [composeLabel.project]: spec.project,
      [composeLabel.service]: spec.purpose,
      [composeLabel.oneoff]: "True",
      [composeLabel.version]: composeVersion,
      [berthLabel.managed]: "true",
      [helperLabel]: spec.role,
    },
    HostConfig: {
      Binds: [...(spec.binds ?? [])],
      ...(spec.networkMode === undefined ? {} : { NetworkMode: spec.networkMode }),
    },
  };
}

async function waitBounded(engine: Engine, id: string, spec: OneShotSpec): Promise<number> {
  const timeout = AbortSignal.timeout(spec.timeoutMs);
  const signal = spec.signal === undefined ? timeout : AbortSignal.any([timeout, spec.signal]);
  try {
    return (await engine.waitContainer(id, "not-running", signal)).exitCode;
  } catch (error) {
    if (!signal.aborted) throw error;
    const why = timeout.aborted ? `did not finish within ${Math.round(spec.timeoutMs / 1000)} s` : "was interrupted";
    throw new OperationFailed("backup.timeout", `${spec.purpose} (${spec.image}) ${why}`, { cause: error });
  }
}
