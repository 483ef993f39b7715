import type { SourceLocation } from "../common/errors.js";

// The records a probe leaves live with the journal (a report is rebuilt from them).
export { probeKinds, type Evidence, type ProbeKind } from "../journal/records.js";

/** Where a network probe runs: on this machine (published ports) or inside the project network. */
export type ProbeOrigin = "host" | "network";

interface ProbeBase {
  /** Unique in one run; shown in every output. */
  readonly name: string;
  /** The service the probe is about (its container, or the owner of a per-service probe). */
  readonly service?: string;
  readonly timeoutMs: number;
  /** Set when berth made the probe up because the stack declared none; says from what. */
  readonly inferredFrom?: string;
  readonly location?: SourceLocation;
  /**
   * `gate: true`: during a rollout of its service the probe runs against the new container,
   * once healthy and before it takes traffic; a failure rolls the service back.
   */
  readonly gate?: true;
}

export interface HttpProbe extends ProbeBase {
  readonly kind: "http";
  readonly from: ProbeOrigin;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly expect: HttpExpectation;
}

export interface HttpExpectation {
  /** Accepted statuses; empty means any status below `statusBelow`. */
  readonly status: readonly number[];
  /** With no `status` list: the first status that fails (default 400). */
  readonly statusBelow?: number;
  /** Header name (lower case) → text the value must contain. */
  readonly headers: Readonly<Record<string, string>>;
  /** JSON path (`data.items.0.id`) → expected value. */
  readonly json: Readonly<Record<string, unknown>>;
  readonly bodyContains: readonly string[];
  readonly maxLatencyMs?: number;
}

export interface WebsocketProbe extends ProbeBase {
  readonly kind: "websocket";
  readonly from: ProbeOrigin;
  readonly url: string;
  /** Speak Engine.IO/Socket.IO: the open packet, then a namespace connect that must be answered. */
  readonly socketio: boolean;
  /** A text message to send after the upgrade; the reply must contain `expect` (default: echo). */
  readonly send?: string;
  readonly expect?: string;
}

export interface TcpProbe extends ProbeBase {
  readonly kind: "tcp";
  readonly from: ProbeOrigin;
  readonly host: string;
  readonly port: number;
}

export interface ExecProbe extends ProbeBase {
  readonly kind: "exec";
  readonly service: string;
  readonly command: readonly string[];
  readonly exitCode: number;
  readonly outputContains: readonly string[];
}

export interface PostgresProbe extends ProbeBase {
  readonly kind: "postgres";
  readonly service: string;
  /** A connection URL (`postgres://user:pass@db:5432/app`), as the app uses it; else the local socket. */
  readonly url?: string;
  /** Where the URL came from (`services.api.environment.DATABASE_URL`), for the hint. */
  readonly urlSource?: string;
  readonly user?: string;
  readonly database?: string;
  readonly query: string;
  /** Rows as psql prints them unaligned (`a|b`); absent: any successful answer. */
  readonly rows?: readonly string[];
}

export interface RedisProbe extends ProbeBase {
  readonly kind: "redis";
  readonly service: string;
  readonly command: readonly string[];
  readonly password?: string;
  readonly expect: string;
}

export interface PersistenceProbe extends ProbeBase {
  readonly kind: "persistence";
  readonly service: string;
  readonly store: "postgres" | "redis" | "file";
  /** For `file`: the directory that must survive (a marker file is written into it). */
  readonly path?: string;
  /** For `postgres`: a URL with credentials, else the local socket as POSTGRES_USER. */
  readonly url?: string;
  /** Restart the service between write and read (default); false checks the storage only. */
  readonly restart: boolean;
}

export interface HealthProbe extends ProbeBase {
  readonly kind: "health";
  readonly service: string;
}

export type Probe = HttpProbe | WebsocketProbe | TcpProbe | ExecProbe | PostgresProbe | RedisProbe | PersistenceProbe | HealthProbe;
