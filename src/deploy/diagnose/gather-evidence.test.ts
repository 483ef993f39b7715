import { describe, expect, it } from "vitest";
import type { ContainerCreateRequest } from "../../engine/engine.js";
import { FakeEngine } from "../../engine/fake-engine.js";
import { classifyFailure } from "./classify.js";
import { gatherEvidence } from "./gather-evidence.js";

const volume = { Type: "volume", Source: "aidb_logs", Target: "/var/log/aidb" };

/** aidb as in seed report 004: an entrypoint script that sends all output to a file, looping. */
async function silentLoop(engine: FakeEngine): Promise<string> {
  const id = await engine.createContainer({
    name: "aidb-aidb-1",
    Image: "aidb:broken",
    Entrypoint: ["aidb-entrypoint.sh"],
    User: "aidb",
    HostConfig: { Mounts: [volume] },
  });
  await engine.startContainer(id);
  await engine.restartContainer(id);
  return id;
}

const loopFailure = { service: "aidb", phase: "gate", error: "service_healthy: restarted 1 times", gate: { kind: "healthy", reason: "crash-loop", detail: "restarted 1 times" } } as const;

describe("gatherEvidence for a container that loops with empty logs", () => {
  it("reruns it in a diagnostic way and keeps what that printed, so the diagnosis is no-output", async () => {
    const reruns: ContainerCreateRequest[] = [];
    const engine = new FakeEngine({
      images: ["aidb:broken"],
      behave: (request) => {
        if (!request.name.includes("-diagnose-")) return {};
        reruns.push(request);
        return { exitOnStart: 1, logs: [{ stream: "stdout", text: "+ exec python3 -m server\nModuleNotFoundError: No module named 'health_check'\n" }] };
      },
    });
    const id = await silentLoop(engine);
    const evidence = await gatherEvidence(engine, loopFailure, id);
    expect(evidence.diagnosticRun).toEqual({ exitCode: 1, output: expect.stringContaining("ModuleNotFoundError") });
    expect(reruns).toHaveLength(1);
    expect(reruns[0]).toMatchObject({ Entrypoint: ["/bin/sh", "-c", expect.stringContaining("-x"), "berth-diagnose"], Cmd: ["aidb-entrypoint.sh"], Tty: true, User: "aidb" });
    expect(engine.calls.filter((call) => call.startsWith("destroy")).length).toBe(1);
    const [first, second] = classifyFailure(evidence);
    expect(first).toMatchObject({ code: "no-output", evidence: { diagnosticRun: { output: expect.stringContaining("health_check") } } });
    expect(second?.code).toBe("crash-loop");
  });

  it("does not rerun a loop that printed something: its log tail is the evidence", async () => {
    const engine = new FakeEngine({ images: ["aidb:broken"], behave: () => ({ logs: [{ stream: "stderr", text: "fatal: license server unreachable\n" }] }) });
    const id = await silentLoop(engine);
    const evidence = await gatherEvidence(engine, loopFailure, id);
    expect(evidence.diagnosticRun).toBeUndefined();
    const codes = classifyFailure(evidence).map((d) => d.code);
    expect(codes[0]).toBe("crash-loop");
    expect(codes).not.toContain("no-output");
  });
});
