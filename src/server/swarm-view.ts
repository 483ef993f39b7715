/**
 * What the server shows of a Swarm stack when the engine is a manager. The server does not read
 * the Swarm itself: `berth serve` hands it a source (src/swarm/obs-client.ts `swarmOverview`),
 * whose answer has these fields (and more, which the server passes on as they are).
 */
export interface SwarmOverview {
  readonly nodes: readonly { readonly name: string; readonly role: string; readonly availability: string; readonly state: string; readonly message: string; readonly leader: boolean }[];
  readonly services: readonly {
    readonly service: string;
    readonly mode: string;
    readonly desired: number;
    readonly running: number;
    readonly ok: boolean;
    readonly placements: readonly { readonly task: string; readonly node: string; readonly state: string }[];
    readonly lost: readonly { readonly task: string; readonly node: string }[];
    readonly pending: readonly { readonly task: string; readonly state: string; readonly message: string }[];
  }[];
}

/** The stack's nodes and tasks on a manager, or null when the engine is no Swarm manager. */
export type SwarmSource = (project: string) => Promise<SwarmOverview | null>;
