import { OperationFailed } from "../../common/errors.js";
import type { Project } from "../../compose/model/project.js";
import { composeLabel, projectFilter } from "../../engine/labels.js";
import type { Engine } from "../../engine/engine.js";
import type { CpArguments, CpTargetOptions } from "./cp-args.js";
import { selectContainers } from "./service-selection.js";

/** A container `berth cp` copies out of or into. */
export interface CpTarget {
  readonly id: string;
  readonly name: string;
}

/**
 * The containers of a copy, as docker compose cp picks them: out of a service, replica `--index`
 * (default the first); into a service, replica `--index` or else every replica, with `--all` its
 * one-off (`berth run`) containers too. Stopped containers count: the archive calls work on them.
 */
export async function cpTargets(engine: Engine, project: Project, args: CpArguments, options: CpTargetOptions): Promise<CpTarget[]> {
  const replicas = await selectContainers(engine, project, [args.service]);
  const picked = options.index !== undefined ? replicas.filter((row) => row.number === options.index) : args.direction === "out" ? replicas.slice(0, 1) : replicas;
  const oneOffs = options.all ? await oneOffContainers(engine, project.name, args.service) : [];
  const targets = [...picked.map((row) => ({ id: row.id, name: row.name })), ...oneOffs];
  if (targets.length === 0) {
    const which = options.index !== undefined ? ` number ${options.index}` : "";
    throw new OperationFailed("cli.cp-no-container", `${args.service} has no container${which} to copy ${args.direction === "out" ? "from" : "into"}`, {
      hint: replicas.length > 0 ? `berth ps ${args.service} lists its containers (${replicas.map((row) => row.number).join(", ")})` : `berth up ${args.service} creates it`,
    });
  }
  return targets;
}

async function oneOffContainers(engine: Engine, project: string, service: string): Promise<CpTarget[]> {
  const found = await engine.listContainers({ labels: { ...projectFilter(project), [composeLabel.service]: service } });
  return found
    .filter((container) => (container.labels[composeLabel.oneoff] ?? "").toLowerCase() === "true")
    .map((container) => ({ id: container.id.slice(0, 12), name: container.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
