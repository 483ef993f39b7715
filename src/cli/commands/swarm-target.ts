import { Option, type Command } from "commander";
import { UsageError } from "../../common/errors.js";
import type { SwarmRole } from "../../swarm/detect.js";

/** Where a project command deploys: containers on one engine, or a stack on a Swarm manager. */
export type DeployTarget = "engine" | "swarm";

/** `--target engine|swarm` on up and down: overrides what the engine's `/info` says. */
export function addTargetOption(command: Command): Command {
  return command.addOption(new Option("--target <target>", "engine: containers on this engine; swarm: a stack on this Swarm manager (default: a manager deploys a stack)").choices(["engine", "swarm"]));
}

/**
 * The target of `up`/`down`: `--target` when given, else the engine's role. A manager takes the
 * stack; a worker cannot create services and is refused unless `--target engine` says to manage
 * its own containers (docs/swarm.md).
 */
export async function deployTarget(raw: Record<string, unknown>, role: () => Promise<SwarmRole>): Promise<DeployTarget> {
  const asked = raw["target"];
  if (asked === "engine") return "engine";
  const found = await role();
  if (asked === "swarm") {
    if (found === "manager") return "swarm";
    throw new UsageError(`--target swarm needs a Swarm manager, and this engine is ${found === "worker" ? "a Swarm worker" : "not in a Swarm"}`, { hint: "point DOCKER_HOST (or the docker context) at a manager, or drop --target swarm" });
  }
  if (found === "manager") return "swarm";
  if (found === "worker") {
    throw new UsageError("this engine is a Swarm worker: a stack is deployed through a manager, and a worker cannot create services", { hint: "point DOCKER_HOST (or the docker context) at a manager, or pass --target engine to manage this engine's own containers" });
  }
  return "engine";
}
