import { randomBytes } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { OperationFailed } from "../common/errors.js";
import type { SwarmPort, SwarmTask } from "./swarm-port.js";
import type { ServiceSpec } from "./swarm-spec.js";

/** Swarm refuses a secret over 500 KiB: the artifact goes to a job in chunks of this size. */
export const secretChunkBytes = 480 * 1024;

/** Cuts the artifact into secret-sized chunks, named so the shell glob puts them back in order. */
export function chunksOf(bytes: Buffer): { file: string; data: Buffer }[] {
  const chunks: { file: string; data: Buffer }[] = [];
  for (let at = 0, index = 0; at < bytes.length || index === 0; at += secretChunkBytes, index += 1) {
    chunks.push({ file: `berth-in-${String(index).padStart(4, "0")}`, data: bytes.subarray(at, at + secretChunkBytes) });
  }
  return chunks;
}

/** What a backup job needs of a manager: the Swarm port, and a job's whole output. */
export interface SwarmJobPort extends Pick<SwarmPort, "createService" | "removeService" | "tasks" | "createFileObject" | "removeFileObject"> {
  /** Everything the service's tasks printed (`docker service logs` through the manager), by stream. */
  serviceOutput(serviceId: string): Promise<{ stdout: string; stderr: string }>;
}

/** One run-to-completion job on a given node. */
export interface JobSpec {
  readonly stack: string;
  /** What it is for (backup, drill, restore) and of which service: part of its name. */
  readonly role: "backup" | "drill" | "restore";
  readonly service: string;
  readonly image: string;
  readonly nodeId: string;
  readonly script: string;
  readonly env: Readonly<Record<string, string>>;
  /** A stack network the job joins (to reach the live datastore); none for a drill. */
  readonly networkId?: string;
  /** Bytes handed to the job as secrets, at /run/secrets/berth-in-NNNN. */
  readonly input?: Buffer;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly pollMs?: number;
}

export interface JobResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Swarm's word on a task that did not complete (rejected, failed to start). */
  readonly taskError?: string;
}

/** The label on every object a backup job creates, so a leftover can be found and removed. */
export const backupJobLabel = "io.berth.backup-job";

/**
 * The largest artifact handed to a job: it travels as secrets through the manager's Raft store
 * (replicated to every manager) and berth holds it in memory; 15.5 MiB went through in 33
 * secrets (docs/swarm.md).
 */
export const maxJobInputBytes = 32 * 1024 * 1024;

const terminal = new Set(["complete", "failed", "rejected", "shutdown", "orphaned", "remove"]);

/**
 * Runs the script once as a Swarm `replicated-job` placed on the node (`node.id == …`): the only
 * way through a manager to run something where a task's volume is, since the manager cannot exec
 * into a container on another node. Waits (bounded) until its task ends, reads its output through
 * the manager, and removes the service and its input secrets whatever happened.
 */
export async function runSwarmJob(port: SwarmJobPort, spec: JobSpec): Promise<JobResult> {
  const name = `${spec.stack}_berth-${spec.role}-${randomBytes(4).toString("hex")}`;
  const labels = { [backupJobLabel]: spec.role, "io.berth.project": spec.stack };
  const secrets: { id: string; file: string; name: string }[] = [];
  let serviceId: string | undefined;
  if (spec.input !== undefined && spec.input.length > maxJobInputBytes) {
    throw new OperationFailed("backup.too-large", `the artifact is ${(spec.input.length / 1048576).toFixed(1)} MiB: a ${spec.role} through a Swarm manager takes at most ${maxJobInputBytes / 1048576} MiB (it travels as secrets through the managers' Raft store)`, {
      hint: "berth does not move it through a manager; docs/swarm.md (limits) says what is measured",
    });
  }
  try {
    for (const chunk of spec.input === undefined ? [] : chunksOf(spec.input)) {
      const secretName = `${name}-${chunk.file.slice("berth-in-".length)}`;
      secrets.push({ id: await port.createFileObject({ kind: "secret", key: chunk.file, Name: secretName, Labels: labels, Data: chunk.data.toString("base64") }), file: chunk.file, name: secretName });
    }
    serviceId = await port.createService(jobService(name, labels, spec, secrets));
    const task = await waitForEnd(port, serviceId, spec);
    const output = await port.serviceOutput(serviceId);
    const exitCode = task.Status.ContainerStatus?.ExitCode ?? (task.Status.State === "complete" ? 0 : -1);
    const taskError = task.Status.State === "complete" || task.Status.State === "failed" ? undefined : `${task.Status.State}: ${task.Status.Err ?? task.Status.Message ?? ""}`.trim();
    return { exitCode, ...output, ...(taskError === undefined ? {} : { taskError }) };
  } finally {
    if (serviceId !== undefined) await port.removeService(serviceId).catch(() => undefined);
    await removeSecrets(port, secrets.map((secret) => secret.id));
  }
}

export function jobService(name: string, labels: Readonly<Record<string, string>>, spec: JobSpec, secrets: readonly { id: string; file: string; name: string }[]): ServiceSpec {
  return {
    Name: name,
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: spec.image,
        Labels: labels,
        Command: ["/bin/sh", "-c"],
        Args: [spec.script],
        Env: Object.entries(spec.env).map(([key, value]) => `${key}=${value}`),
        Secrets: secrets.map((secret) => ({ SecretID: secret.id, SecretName: secret.name, File: { Name: secret.file, UID: "0", GID: "0", Mode: 0o400 } })),
      },
      RestartPolicy: { Condition: "none" },
      Placement: { Constraints: [`node.id == ${spec.nodeId}`] },
      // The output is the artifact: the json-file driver of the node keeps it until the service is removed.
      LogDriver: { Name: "json-file" },
      ...(spec.networkId === undefined ? {} : { Networks: [{ Target: spec.networkId, Aliases: [] }] }),
    },
    Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
    // No virtual IP (and no IPVS) for a job nobody connects to.
    EndpointSpec: { Mode: "dnsrr" },
  };
}

async function waitForEnd(port: SwarmJobPort, serviceId: string, spec: JobSpec): Promise<SwarmTask> {
  const deadline = Date.now() + spec.timeoutMs;
  let last: SwarmTask | undefined;
  for (;;) {
    if (spec.signal?.aborted === true) throw new OperationFailed("backup.interrupted", `the ${spec.role} job of ${spec.service} was interrupted`);
    const tasks = await port.tasks(serviceId);
    last = [...tasks].sort((a, b) => (b.CreatedAt ?? "").localeCompare(a.CreatedAt ?? ""))[0] ?? last;
    if (last !== undefined && terminal.has(last.Status.State)) return last;
    if (Date.now() > deadline) {
      const state = last === undefined ? "no task yet" : `its task is ${last.Status.State}${last.Status.Err ? `: ${last.Status.Err}` : ""}`;
      throw new OperationFailed("backup.timeout", `the ${spec.role} job of ${spec.service} did not finish within ${Math.round(spec.timeoutMs / 1000)} s (${state})`, { hint: "raise --timeout, or see docker service ps on the manager" });
    }
    await delay(spec.pollMs ?? 500);
  }
}

/** A secret is in use until Swarm has let go of the removed service's task: a few tries. */
async function removeSecrets(port: SwarmJobPort, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const removed = await port.removeFileObject("secret", id).then(
        () => true,
        () => false,
      );
      if (removed) break;
      await delay(250);
    }
  }
}
