import { describe, expect, it } from "vitest";
import type { ContainerDetails } from "../engine-port.js";
import { classifyFailure } from "./classify.js";
import type { ServiceEvidence } from "./diagnosis.js";

type State = Partial<ContainerDetails["State"]>;

function inspect(state: State = {}, extra: Partial<ContainerDetails> = {}): ContainerDetails {
  return {
    Id: "c1",
    Name: "/app-api-1",
    Image: "sha256:1",
    RestartCount: 0,
    State: { Status: "exited", Running: false, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 0, ExitCode: 1, Error: "", StartedAt: "", FinishedAt: "", ...state },
    Config: { Image: "app", WorkingDir: "/app", User: "node", Env: ["PATH=/usr/bin", "DATABASE_URL="], Cmd: ["node", "server.js"], Entrypoint: null, Labels: {}, Healthcheck: { Test: ["CMD", "curl", "-f", "http://localhost"] } },
    Created: "",
    HostConfig: {},
    NetworkSettings: { Networks: {} },
    Mounts: [{ Type: "volume", Source: "/var/lib/docker/volumes/app_data/_data", Destination: "/data", RW: true, Name: "app_data" }],
    ...extra,
  };
}

const codes = (evidence: ServiceEvidence) => classifyFailure(evidence).map((d) => d.code);
const base = { service: "api", phase: "gate" } as const;

describe("classifyFailure", () => {
  it("names the failing build step and its output", () => {
    const buildLog = "Step 1/3 : FROM debian:bookworm-slim\n ---> abc\nStep 2/3 : RUN make\n/bin/sh: 1: make: not found\n";
    const [diagnosis] = classifyFailure({ service: "api", phase: "build", buildLog, error: "returned a non-zero code: 127" });
    expect(diagnosis?.code).toBe("build-failed");
    expect(diagnosis?.evidence).toMatchObject({ step: "Step 2/3 : RUN make", output: "/bin/sh: 1: make: not found" });
  });

  it("recognises an image that is not there", () => {
    expect(codes({ service: "api", phase: "image", image: "nope:1", error: "No such image: nope:1" })).toEqual(["image-not-found"]);
  });

  it("says who holds a busy port", () => {
    const error = "driver failed programming external connectivity: Bind for 127.0.0.1:18100 failed: port is already allocated";
    const [d] = classifyFailure({ service: "api", phase: "start", error, portHolder: "container other-web-1" });
    expect(d).toMatchObject({ code: "port-in-use", evidence: { port: 18100, heldBy: "container other-web-1" } });
  });

  it("explains exit codes 127, 137 and 139 without calling 137 an OOM", () => {
    const messages = [127, 137, 139].map((ExitCode) => classifyFailure({ ...base, inspect: inspect({ ExitCode }), logTail: "boom" })[0]?.message);
    expect(messages[0]).toMatch(/not found/);
    expect(messages[1]).toMatch(/SIGKILL/);
    expect(messages[2]).toMatch(/segmentation fault/);
  });

  it("reports OOM only when the engine says OOMKilled", () => {
    expect(codes({ ...base, inspect: inspect({ ExitCode: 137, OOMKilled: true }), logTail: "x" })[0]).toBe("oom-killed");
  });

  it("sees a crash loop in the restart count", () => {
    const looping = inspect({ Running: true, Restarting: true, ExitCode: 1 }, { RestartCount: 3 });
    expect(codes({ ...base, inspect: looping, logTail: "fatal: config" })).toContain("crash-loop");
  });

  it("tells a missing healthcheck executable from an unhealthy app", () => {
    const running = inspect({ Running: true, Status: "running", ExitCode: 0 });
    const gate = { kind: "healthy", reason: "unhealthy", detail: "5 failed checks" };
    const missing = [{ exitCode: 127, output: 'OCI runtime exec failed: exec failed: exec: "curl": executable file not found in $PATH', timedOut: false }];
    expect(codes({ ...base, inspect: running, gate, probes: missing })[0]).toBe("healthcheck-command-missing");
    const failing = [{ exitCode: 1, output: "curl: (7) Failed to connect", timedOut: false }];
    expect(codes({ ...base, inspect: running, gate, probes: failing })).toEqual(["unhealthy"]);
  });

  it("finds the mount source in the engine's error", () => {
    const error = "invalid mount config for type \"bind\": bind source path does not exist: /srv/app/conf/nginx.conf";
    const [d] = classifyFailure({ service: "web", phase: "create", error });
    expect(d).toMatchObject({ code: "mount-source-missing", evidence: { source: "/srv/app/conf/nginx.conf" } });
  });

  it("ties a permission error to the image's user and writable mounts", () => {
    const logTail = "Error: EACCES: permission denied, open '/data/state.json'";
    const [d] = classifyFailure({ ...base, inspect: inspect(), logTail });
    expect(d).toMatchObject({ code: "permission-denied", evidence: { user: "node", writableMounts: ["/data (volume app_data)"] } });
  });

  it("names an empty variable the app asked for, and ignores one that is set", () => {
    const [d] = classifyFailure({ ...base, inspect: inspect(), logTail: "fatal: DATABASE_URL is not set" });
    expect(d).toMatchObject({ code: "missing-env", evidence: { variable: "DATABASE_URL", inContainer: "empty" } });
    expect(codes({ ...base, inspect: inspect(), logTail: "PATH is not set" })).not.toContain("missing-env");
  });

  it("shows what a diagnostic rerun printed for a silent exit", () => {
    const [d] = classifyFailure({ ...base, inspect: inspect({ ExitCode: 3 }), logTail: "", diagnosticRun: { exitCode: 3, output: "+ exit 3" } });
    expect(d).toMatchObject({ code: "no-output", evidence: { diagnosticRun: { output: "+ exit 3" } } });
  });

  it("calls a crash loop with empty logs no-output too, caught between two runs, with the rerun's output", () => {
    const between = inspect({ Running: true, Status: "running", ExitCode: 1 }, { RestartCount: 1 });
    const gate = { kind: "healthy", reason: "crash-loop", detail: "restarted 1 times" };
    const diagnosticRun = { exitCode: 1, output: "+ exec python3 -m server\nModuleNotFoundError: No module named 'health_check'" };
    const [first, second] = classifyFailure({ ...base, inspect: between, gate, logTail: "", diagnosticRun });
    expect(first).toMatchObject({ code: "no-output", message: "api keeps restarting without printing anything to its logs", evidence: { diagnosticRun } });
    expect(second?.code).toBe("crash-loop");
  });

  it("blames the dependency that blocked a service", () => {
    expect(classifyFailure({ service: "web", phase: "blocked", blockedBy: ["api"] })[0]?.message).toBe("web was not started because api failed");
  });

  it("falls back to a timeout diagnosis when nothing specific matched", () => {
    const running = inspect({ Running: true, Status: "running", ExitCode: 0 });
    expect(codes({ ...base, inspect: running, gate: { kind: "completed", reason: "timeout", detail: "60s" } })).toEqual(["gate-timeout"]);
  });
});

describe("classifyFailure on a restart caught between two runs", () => {
  it("trusts the gate that saw the restarts", () => {
    const between = inspect({ Running: true, Status: "running", ExitCode: 1 }, { RestartCount: 1 });
    const gate = { kind: "started-stable", reason: "crash-loop", detail: "restarted 1 times" };
    expect(classifyFailure({ service: "api", phase: "gate", inspect: between, gate, logTail: "boot failed" })[0]?.code).toBe("crash-loop");
  });
});

describe("classifyFailure with engine events", () => {
  it("reports OOM from the engine's oom event when a restart cleared OOMKilled", () => {
    const restarted = inspect({ Running: true, Restarting: true, ExitCode: 137, OOMKilled: false }, { RestartCount: 1 });
    const [d] = classifyFailure({ service: "hog", phase: "gate", inspect: restarted, events: ["start", "oom", "die (exit 137)"], logTail: "x" });
    expect(d).toMatchObject({ code: "oom-killed", evidence: { oomEvent: true, events: ["start", "oom", "die (exit 137)"] } });
  });
});
