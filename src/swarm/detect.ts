/** The part of the engine's `/info` that says what it is in a Swarm. */
export interface SwarmInfoFields {
  readonly Swarm?: {
    readonly LocalNodeState?: string;
    readonly ControlAvailable?: boolean;
    readonly NodeID?: string;
    readonly Nodes?: number;
    readonly Managers?: number;
  };
}

/** What the engine berth talks to is: a Swarm manager (stacks can be deployed through it), a worker, or no Swarm at all. */
export type SwarmRole = "manager" | "worker" | "none";

/**
 * The engine's role, from `/info`: `LocalNodeState: active` with `ControlAvailable` is a manager;
 * active without it a worker; anything else (inactive, pending, error, locked) no usable Swarm.
 */
export function swarmRoleOf(info: SwarmInfoFields): SwarmRole {
  if (info.Swarm?.LocalNodeState !== "active") return "none";
  return info.Swarm.ControlAvailable === true ? "manager" : "worker";
}
