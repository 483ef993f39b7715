export interface ExecRequest {
  readonly command: readonly string[];
  /** The run is abandoned after this long; the result then says `timedOut`. */
  readonly timeoutMs: number;
  readonly user?: string;
  readonly env?: readonly string[];
  readonly workingDir?: string;
  readonly signal?: AbortSignal;
}

export interface ExecResult {
  /** -1 when the command timed out or its exit code is unknown. */
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved in arrival order. */
  readonly output: string;
  readonly timedOut: boolean;
  readonly durationMs: number;
}

export interface LogOptions {
  /** Last N lines; all when absent. */
  readonly tail?: number;
  /** Seconds since the epoch. */
  readonly since?: number;
  readonly timestamps?: boolean;
}

/** One demultiplexed piece of a container's output (a whole line when the container writes lines). */
export interface LogChunk {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
}

/** Which engine events to receive. */
export interface EventFilter {
  /** `container`, `network`, `volume`, `image`, ... */
  readonly types?: readonly string[];
  readonly labels?: Readonly<Record<string, string | true>>;
  /** Container ids or names. */
  readonly containers?: readonly string[];
  /** Only these actions (`start`, `die`, `health_status`, ...). */
  readonly actions?: readonly string[];
  /** Replay events since this time (seconds since the epoch), then follow. */
  readonly since?: number;
}

/** One message of `GET /events`. */
export interface EngineEvent {
  readonly type: string;
  /** `create`, `start`, `die`, `health_status: healthy`, `oom`, `kill`, `destroy`, ... */
  readonly action: string;
  /** The container, network, volume or image id. */
  readonly id: string;
  /** Labels of the object plus `name`, `image`, `exitCode`, `signal`, ... */
  readonly attributes: Readonly<Record<string, string>>;
  /** Milliseconds since the epoch. */
  readonly time: number;
}
