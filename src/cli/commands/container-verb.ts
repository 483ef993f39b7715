import type { Command } from "commander";
import type { ContainerRow } from "../../deploy/list-containers.js";
import type { Engine } from "../../engine/engine.js";
import type { CliIO } from "../io.js";
import { openProjectSession, type ProjectSession } from "./project-session.js";
import { selectContainers } from "./service-selection.js";

export interface ContainerAction {
  /** Which of the selected containers the verb acts on (`stop` only running ones). */
  readonly applies: (row: ContainerRow) => boolean;
  readonly act: (engine: Engine, row: ContainerRow) => Promise<void>;
  /** The past tense printed per container: `stopped`. */
  readonly done: string;
}

export interface ActionResult extends ProjectSession {
  readonly acted: readonly ContainerRow[];
}

/**
 * What `stop`, `start`, `restart`, `kill` and `rm` share: the project's containers of the named
 * services (unknown names fail), the action on those it applies to, one line per container.
 */
export async function actOnContainers(services: readonly string[], raw: Record<string, unknown>, io: CliIO, action: ContainerAction): Promise<ActionResult> {
  const session = await openProjectSession(raw, io, { nameSuffices: true });
  const rows = (await selectContainers(session.engine, session.project, services)).filter(action.applies);
  for (const row of rows) {
    await action.act(session.engine, row);
    if (raw["quiet"] !== true) io.stdout.write(`${row.name}  ${action.done}\n`);
  }
  if (rows.length === 0 && raw["quiet"] !== true) io.stderr.write(`${session.project.name}: no container to act on\n`);
  return { ...session, acted: rows };
}

export const isRunning = (row: ContainerRow): boolean => row.state === "running" || row.state === "restarting";

/** `[services...]` and `-q`, which every container verb takes. */
export function withServices(command: Command): Command {
  return command.argument("[services...]", "only these services (all when none is named)").option("-q, --quiet", "print nothing but errors");
}
