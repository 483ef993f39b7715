import type { Service } from "../../compose/model/project.js";
import { testProject } from "../../plan/test-project.js";
import type { ContainerDetails, Engine, EngineEvent } from "../engine-port.js";
import { EventHub } from "../event-hub.js";
import type { ExecuteResult } from "../execute.js";

/** Test fixtures of the final watch: containers, events, sockets, and a clock that sleeps instantly. */
export type State = Partial<ContainerDetails["State"]>;

export function details(id: string, state: State = {}): ContainerDetails {
  return {
    Id: id,
    Name: `/shop-${id}-1`,
    Image: "sha256:1",
    RestartCount: 0,
    State: { Status: "running", Running: true, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 1, ExitCode: 0, Error: "", StartedAt: "2026-12-07T17:00:00.000Z", FinishedAt: "", ...state },
    Config: { Image: "x", WorkingDir: "/", User: "", Env: [], Cmd: null, Entrypoint: null, Labels: {} },
    Created: "",
    HostConfig: {},
    NetworkSettings: { Networks: {} },
    Mounts: [],
  };
}

export const die = (id: string, exitCode: string): EngineEvent => ({ type: "container", action: "die", id, attributes: { exitCode }, time: 0 });
export const listen = (hexAddress: string, port: number) => `   0: ${hexAddress}:${port.toString(16).toUpperCase().padStart(4, "0")} 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1\n`;
export const port3000: Partial<Service> = { ports: [{ mode: "ingress", target: 3000, published: "18642", protocol: "tcp" }] };

/** An engine answering inspect, logs and `cat /proc/net/tcp*` from tables; a clock that sleeps instantly. */
export function setup(containers: Record<string, ContainerDetails>, logs: Record<string, string[]> = {}, sockets: Record<string, string> = {}, cpu: Record<string, number> = {}) {
  const start = Date.parse("2026-12-07T17:00:01.000Z");
  let clock = start;
  const reads = new Map<string, number>();
  const engine = {
    inspectContainer: async (id: string) => containers[id],
    readLogs: async (id: string) => {
      const n = reads.get(id) ?? 0;
      reads.set(id, n + 1);
      const sequence = logs[id] ?? [""];
      return [{ stream: "stdout", text: sequence[Math.min(n, sequence.length - 1)]! }];
    },
    exec: async (id: string) => ({ exitCode: 0, stdout: sockets[id] ?? "  sl local\n", stderr: "", output: "", timedOut: false }),
    stats: async (id: string) => ({ cpuPercent: cpu[id] ?? 0, memoryBytes: 0, memoryLimitBytes: 0, pids: 1 }),
  } as unknown as Engine;
  const events = new EventHub();
  const project = testProject("shop", {
    web1: {},
    web2: {},
    cache: {},
    web: port3000,
    migrate: {},
    api: { depends_on: { migrate: { condition: "service_completed_successfully", required: true, restart: false } } },
  });
  const options = {
    engine,
    events,
    project,
    signal: new AbortController().signal,
    stableMs: 1500,
    now: () => clock,
    sleep: async (ms: number) => {
      clock += ms;
    },
  };
  return { options, events, waited: () => clock - start };
}

export const result = (containers: Record<string, string>): ExecuteResult => ({ failures: new Map(), readyAt: new Map(), containers: new Map(Object.entries(containers)), interrupted: false });
export const reasons = (watched: ExecuteResult) => Object.fromEntries([...watched.failures].map(([k, f]) => [k, f.gate?.reason]));
