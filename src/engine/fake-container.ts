import type * as T from "./engine.js";

/** How a fake container behaves once started: scripted, so unit tests can stage failures. */
export interface FakeBehaviour {
  /** Exits with this code right after starting (a crash); absent: keeps running. */
  readonly exitOnStart?: number;
  readonly oomKilled?: boolean;
  /** Reported right after start when the container has a healthcheck; default `healthy`. */
  readonly health?: "starting" | "healthy" | "unhealthy";
  readonly logs?: readonly T.LogChunk[];
  /** Answers to `exec`; default exit 0 with no output. */
  readonly exec?: (command: readonly string[]) => Partial<T.ExecResult>;
  readonly stats?: Partial<T.ContainerStats>;
}

/**
 * A container that prints one line when it starts, as most real programs do. berth's final watch
 * judges a container with no output, healthcheck or port 5 s after its start, so a unit test
 * whose fake containers stay silent waits that long in real time.
 */
export const SPEAKS_AT_START: FakeBehaviour = { logs: [{ stream: "stdout", text: "ready\n" }] };

/** The state a fake engine keeps per container. */
export interface FakeContainer {
  readonly id: string;
  name: string;
  readonly request: T.ContainerCreateRequest;
  readonly imageId: string;
  readonly behaviour: FakeBehaviour;
  readonly networks: Map<string, readonly string[]>;
  status: "created" | "running" | "exited";
  exitCode: number;
  health: string | undefined;
  restartCount: number;
  readonly exitWaiters: (() => void)[];
  /** Output so far: the behaviour's, then what tests write with `FakeEngine.writeLog`. */
  readonly logs: T.LogChunk[];
  readonly logFollowers: Set<(chunk: T.LogChunk) => void>;
  /** Archives copied in with `copyToContainer`, in order. */
  readonly archives: { readonly path: string; readonly archive: Buffer }[];
  /** Its writable layer against the image, as `docker diff` lists it (tests add entries). */
  readonly changes: T.ContainerChange[];
}

/** The list row of a fake container. */
export function summaryOf(c: FakeContainer): T.ContainerSummary {
  return {
    id: c.id,
    name: c.name,
    image: c.request.Image,
    imageId: c.imageId,
    state: c.status,
    status: statusTextOf(c),
    created: 0,
    labels: { ...c.request.Labels },
    ports: [],
    networks: [...c.networks.keys()],
  };
}

/** The list API's human status, as the engine words it (`Up 2 seconds (healthy)`, `Exited (1) 3 seconds ago`). */
function statusTextOf(c: FakeContainer): string {
  if (c.status === "created") return "Created";
  if (c.status === "exited") return `Exited (${c.exitCode}) 1 second ago`;
  const health = c.health === undefined ? "" : c.health === "starting" ? " (health: starting)" : ` (${c.health})`;
  return `Up 1 second${health}`;
}

/** The inspect view of a fake container. */
export function detailsOf(c: FakeContainer): T.ContainerDetails {
  const {
    Image,
    User = "",
    Env = [],
    Cmd,
    Entrypoint,
    WorkingDir = "",
    Labels = {},
    Healthcheck,
  } = c.request;
  const health =
    c.health === undefined
      ? {}
      : { Health: { Status: c.health, FailingStreak: c.health === "unhealthy" ? 3 : 0, Log: [] } };
  const state = {
    Status: c.status,
    Running: c.status === "running",
    Paused: false,
    Restarting: false,
    OOMKilled: c.behaviour.oomKilled === true && c.status === "exited",
    Dead: false,
    Pid: c.status === "running" ? 42 : 0,
    ExitCode: c.exitCode,
    Error: "",
    StartedAt: "",
    FinishedAt: "",
    ...health,
  };
  const networks = Object.fromEntries(
    [...c.networks].map(([name, aliases]) => [
      name,
      { NetworkID: name, IPAddress: "172.18.0.2", Aliases: [...aliases] },
    ]),
  );
  return {
    Id: c.id,
    Name: c.name,
    Image: c.imageId,
    Created: new Date(0).toISOString(),
    RestartCount: c.restartCount,
    State: state,
    Config: {
      Image,
      User,
      Env,
      Cmd: Cmd ?? null,
      Entrypoint: Entrypoint ?? null,
      WorkingDir,
      Labels,
      ...(Healthcheck === undefined ? {} : { Healthcheck }),
    },
    HostConfig: {},
    Mounts: [],
    NetworkSettings: { Networks: networks },
  };
}

/** The scripted answer to an exec: exit 0 and no output unless the behaviour says otherwise. */
export function execAnswer(behaviour: FakeBehaviour, command: readonly string[]): T.ExecResult {
  const answer = behaviour.exec?.(command) ?? {};
  const stdout = answer.stdout ?? "";
  const stderr = answer.stderr ?? "";
  return { exitCode: 0, timedOut: false, durationMs: 1, output: stdout + stderr, ...answer, stdout, stderr };
}

/** The backlog, then each chunk `FakeEngine.writeLog` adds, until the signal aborts. */
export async function* followFakeLogs(container: FakeContainer, backlog: T.LogChunk[], signal: AbortSignal): AsyncGenerator<T.LogChunk> {
  const queue = [...backlog];
  let wake: (() => void) | undefined;
  const follower = (chunk: T.LogChunk) => (queue.push(chunk), wake?.());
  container.logFollowers.add(follower);
  signal.addEventListener("abort", () => wake?.(), { once: true });
  try {
    while (!signal.aborted) {
      const chunk = queue.shift();
      if (chunk) yield chunk;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    container.logFollowers.delete(follower);
  }
}

/** A quiet container's stats unless the behaviour gives others. */
export function statsOf(behaviour: FakeBehaviour): T.ContainerStats {
  return { cpuPercent: 0, memoryBytes: 8 * 2 ** 20, memoryLimitBytes: 2 ** 30, pids: 1, ...behaviour.stats };
}

/** A container as `create` leaves it, attached to the networks of its request. */
export function newFakeContainer(
  id: string,
  request: T.ContainerCreateRequest,
  imageId: string,
  behaviour: FakeBehaviour,
): FakeContainer {
  const endpoints = Object.entries(request.NetworkingConfig?.EndpointsConfig ?? {});
  const networks = new Map(endpoints.map(([name, endpoint]) => [name, endpoint.Aliases ?? []] as const));
  const state = {
    status: "created" as const,
    exitCode: 0,
    health: undefined,
    restartCount: 0,
    exitWaiters: [],
    logs: [...(behaviour.logs ?? [])],
    logFollowers: new Set<(chunk: T.LogChunk) => void>(),
    archives: [],
    changes: [],
  };
  return { id, name: request.name, request, imageId, behaviour, networks, ...state };
}
