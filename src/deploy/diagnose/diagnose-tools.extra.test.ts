import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import type { ContainerCreateRequest, ContainerDetails, ContainerSummary } from "../../engine/engine.js";
import { FakeEngine } from "../../engine/fake-engine.js";
import { runDiagnostic } from "./diagnostic-run.js";
import { gateProbeFailed, gateTimeout, operationFailed } from "./gate-failed.js";
import { findPortHolder } from "./port-holder.js";

function silent(config: Partial<ContainerDetails["Config"]>, mounts: ContainerDetails["Mounts"] = []): ContainerDetails {
  return {
    Id: "c1", Name: "/shop-worker-1", Image: "sha256:1", RestartCount: 3, Created: "", HostConfig: {}, NetworkSettings: { Networks: {} }, Mounts: mounts,
    State: { Status: "exited", Running: false, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 0, ExitCode: 1, Error: "", StartedAt: "", FinishedAt: "" },
    Config: { Image: "app:1", WorkingDir: "/app", User: "node", Env: ["A=1"], Cmd: null, Entrypoint: null, Labels: { "com.docker.compose.project": "shop" }, ...config },
  } as ContainerDetails;
}

/** A FakeEngine that keeps every create request; `refuseFirst` makes the first create fail (no /bin/sh). */
class Recording extends FakeEngine {
  readonly requests: ContainerCreateRequest[] = [];
  constructor(private refuseFirst = false) {
    super({ images: ["app:1"], behave: () => ({ exitOnStart: 2, logs: [{ stream: "stdout", text: "+ node worker.js\nmissing QUEUE_URL\n" }] }) });
  }
  override async createContainer(request: ContainerCreateRequest): Promise<string> {
    this.requests.push(request);
    if (this.refuseFirst) {
      this.refuseFirst = false;
      throw new Error("exec: /bin/sh: no such file");
    }
    return super.createContainer(request);
  }
}

describe("runDiagnostic", () => {
  it("reruns a silent shell command traced, with a terminal, no network, its volumes, as a one-off, and removes the rerun", async () => {
    const engine = new Recording();
    const mounts = [
      { Type: "volume", Source: "/var/lib/docker/volumes/shop_data/_data", Destination: "/data", RW: true, Name: "shop_data" },
      { Type: "bind", Source: "/srv/conf", Destination: "/conf", RW: false },
      { Type: "tmpfs", Source: "", Destination: "/tmp", RW: true },
    ] as ContainerDetails["Mounts"];
    const run = await runDiagnostic(engine, silent({ Entrypoint: ["/bin/sh", "-c"], Cmd: ["node worker.js >> /data/log 2>&1"] }, mounts));
    expect(run).toEqual({ exitCode: 2, output: "+ node worker.js\nmissing QUEUE_URL\n" });
    const request = engine.requests[0];
    expect(request?.Cmd).toEqual(["/bin/sh", "-xc", "node worker.js >> /data/log 2>&1"]);
    expect(request?.Entrypoint?.slice(0, 2)).toEqual(["/bin/sh", "-c"]);
    expect(request).toMatchObject({ Image: "app:1", User: "node", WorkingDir: "/app", Tty: true, Labels: { "com.docker.compose.project": "shop", "com.docker.compose.oneoff": "True" } });
    expect(request?.Env).toEqual(["A=1", "BERTH_DIAGNOSE_WATCH=/data"]);
    expect(request?.HostConfig).toEqual({ NetworkMode: "none", Mounts: [{ Type: "volume", Source: "shop_data", Target: "/data", ReadOnly: false }, { Type: "bind", Source: "/srv/conf", Target: "/conf", ReadOnly: true }] });
    expect(request?.name).toMatch(/^shop-worker-1-diagnose-\d+$/);
    expect(await engine.listContainers()).toEqual([]);
  });

  it("falls back to the plain command when the image has no shell to wrap it in", async () => {
    const engine = new Recording(true);
    const run = await runDiagnostic(engine, silent({ Entrypoint: ["/app/server"], Cmd: ["--port", "80"] }));
    expect(run.exitCode).toBe(2);
    expect(engine.requests.map((r) => [r.Entrypoint, r.Cmd])).toEqual([
      [["/bin/sh", "-c", expect.stringContaining("BERTH_DIAGNOSE_WATCH"), "berth-diagnose"], ["/app/server", "--port", "80"]],
      [["/app/server"], ["--port", "80"]],
    ]);
    expect(engine.requests[1]?.Env).toEqual(["A=1"]);
  });
});

describe("findPortHolder", () => {
  const published = (id: string, name: string, port: number, project?: string): ContainerSummary => ({
    id, name, image: "nginx", imageId: "sha256:n", state: "running", status: "Up", created: 1, networks: [],
    labels: project ? { "com.docker.compose.project": project } : {}, ports: [{ ip: "127.0.0.1", privatePort: 80, publicPort: port, type: "tcp" }],
  });
  class Listing extends FakeEngine {
    constructor(private readonly rows: ContainerSummary[]) {
      super();
    }
    override async listContainers(): Promise<ContainerSummary[]> {
      return this.rows;
    }
  }

  it("names the container publishing the port and its project, never the container asking", async () => {
    const engine = new Listing([published("self", "shop-web-1", 18_555, "shop"), published("other", "blog-web-1", 18_555, "blog")]);
    expect(await findPortHolder(engine, 18_555, "self")).toBe("container blog-web-1 (project blog)");
    expect(await findPortHolder(new Listing([published("x", "loose", 18_556)]), 18_556)).toBe("container loose");
  });

  it("finds a host process listening on the port when no container publishes it", async () => {
    if (process.platform !== "linux") return;
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      expect(await findPortHolder(new Listing([]), port)).toMatch(new RegExp(`^process ${process.pid} \\(.*node`));
    } finally {
      server.close();
    }
  });
});

describe("fallback diagnoses", () => {
  it("headlines a timeout with the gate and its detail, and an engine refusal with the phase", () => {
    const timeout = gateTimeout({ service: "api", phase: "gate", gate: { kind: "healthy", reason: "timeout", detail: "wait timeout reached" }, logTail: "booting\n" });
    expect(timeout).toMatchObject({ code: "gate-timeout", message: "api was not healthy before the deadline (wait timeout reached)", hint: expect.stringContaining("--wait-timeout") });
    expect(gateTimeout({ service: "api", phase: "gate", gate: { kind: "healthy", reason: "exited", detail: "x" } })).toBeUndefined();
    expect(operationFailed({ service: "api", phase: "create", error: "invalid mount config" })?.message).toBe("the engine refused to create api: invalid mount config");
    expect(operationFailed({ service: "api", phase: "gate", error: "e", gate: { kind: "completed", reason: "gone", detail: "the container disappeared" } })?.message).toBe("api did not become completed: the container disappeared");
    expect(operationFailed({ service: "api", phase: "gate" })).toBeUndefined();
  });

  it("names a failed gate probe, what it expected, and how many others failed", () => {
    const first = { probe: "selftest", target: "GET http://backend:3000/api/selftest", failures: ['expected JSON status = "ok", got "degraded"'], excerpt: '{"status":"degraded"}', declaredAt: "compose.yaml:31" };
    const diagnosis = gateProbeFailed("backend", "app-backend-1_next", [first, { probe: "ws", target: "ws://backend/ws", failures: [] }]);
    expect(diagnosis.message).toBe('backend is healthy but gate probe selftest failed on app-backend-1_next: expected JSON status = "ok", got "degraded" (and 1 more)');
    expect(diagnosis.evidence).toMatchObject({ probe: "selftest", answered: '{"status":"degraded"}', declaredAt: "compose.yaml:31", others: "ws: failed" });
    expect(gateProbeFailed("backend", "c", []).message).toBe("backend is healthy but a gate probe failed on c");
  });
});
