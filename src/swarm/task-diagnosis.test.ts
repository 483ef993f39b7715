import { describe, expect, it } from "vitest";
import type { SwarmTask } from "./swarm-port.js";
import { diagnoseTasks, timeoutDiagnosis, updateDiagnosis, type TaskEvidence } from "./task-diagnosis.js";

// Task states and errors as the Engine API reports them on a 20.10 manager (seen on the harness
// cluster: `docker service ps --no-trunc` and GET /tasks).
const hosts: Record<string, string> = { n1: "node-1", n2: "node-2", n3: "node-3" };

function task(state: string, err: string, overrides: Partial<SwarmTask> = {}): SwarmTask {
  return { ID: `t-${state}-${Math.random().toString(16).slice(2, 8)}`, ServiceID: "s1", NodeID: "n2", DesiredState: state === "pending" ? "running" : "shutdown", Status: { State: state, Err: err }, ...overrides };
}

function evidence(tasks: readonly SwarmTask[], overrides: Partial<TaskEvidence> = {}): TaskEvidence {
  return { service: "api", swarmName: "shop_api", image: "shop-api:1.4", tasks, hostOf: (id) => (id ? (hosts[id] ?? id) : ""), restartsLeft: true, ...overrides };
}

describe("diagnoseTasks", () => {
  it("says nothing while a service may still converge: one failed task with restarts left", () => {
    expect(diagnoseTasks(evidence([task("failed", "task: non-zero exit (1)")]), 0, 10_000)).toBeUndefined();
    expect(diagnoseTasks(evidence([task("running", "", { DesiredState: "running" })]), 0, 10_000)).toBeUndefined();
  });

  it("calls a missing image at once, naming the node and quoting Swarm", () => {
    const found = diagnoseTasks(evidence([task("rejected", "No such image: shop-api:1.4", { NodeID: "n3" })]), 0, 10_000);
    expect(found?.code).toBe("image-not-found");
    expect(found?.message).toBe('image "shop-api:1.4" is not on node node-3 and could not be pulled: "No such image: shop-api:1.4"');
    expect(found?.evidence).toMatchObject({ node: "node-3", state: "rejected", error: "No such image: shop-api:1.4", failedTasks: 1 });
  });

  it("tells a missing bind source from other rejections", () => {
    const bind = diagnoseTasks(evidence([task("rejected", 'invalid mount config for type "bind": bind source path does not exist: /srv/conf')]), 0, 10_000);
    expect(bind?.code).toBe("task-rejected");
    expect(bind?.hint).toMatch(/bind mount's source must exist on every node/);
    const other = diagnoseTasks(evidence([task("rejected", "starting container failed: something else")]), 0, 10_000);
    expect(other?.code).toBe("task-rejected");
    expect(other?.message).toContain('node node-2 rejected a task of api: "starting container failed: something else"');
  });

  it("waits out the grace before calling a pending task unschedulable, and tells a port conflict apart", () => {
    const pending = [task("pending", "no suitable node (scheduling constraints not satisfied on 3 nodes)", { NodeID: "" })];
    expect(diagnoseTasks(evidence(pending), 9_000, 10_000)).toBeUndefined();
    const found = diagnoseTasks(evidence(pending), 10_000, 10_000);
    expect(found?.code).toBe("no-suitable-node");
    expect(found?.message).toContain("scheduling constraints not satisfied on 3 nodes");
    expect(found?.evidence.node).toBe("");
    const port = diagnoseTasks(evidence([task("pending", "no suitable node (host-mode port already in use on 1 node)", { NodeID: "" })]), 10_000, 10_000);
    expect(port?.code).toBe("port-in-use");
  });

  it("calls a crash loop at three failed tasks, with the last one's node and error", () => {
    const failed = [task("failed", "task: non-zero exit (1)", { NodeID: "n1" }), task("failed", "task: non-zero exit (1)", { NodeID: "n2" }), task("failed", "task: non-zero exit (3)", { NodeID: "n1", Status: { State: "failed", Err: "task: non-zero exit (3)", ContainerStatus: { ExitCode: 3 } } })];
    const found = diagnoseTasks(evidence(failed, { logTail: "Error: CONFIG_URL is not set\n" }), 0, 10_000);
    expect(found?.code).toBe("crash-loop");
    expect(found?.message).toBe('api keeps failing: 3 tasks failed since this deploy, the last on node node-1: "task: non-zero exit (3)"');
    expect(found?.evidence).toMatchObject({ exitCode: 3, failedTasks: 3, logTail: "Error: CONFIG_URL is not set\n" });
    expect(found?.hint).toContain("docker service logs --tail 50 shop_api");
  });

  it("calls the first failure when the restart policy allows no retry", () => {
    const found = diagnoseTasks(evidence([task("failed", "task: non-zero exit (2)")], { restartsLeft: false }), 0, 10_000);
    expect(found?.code).toBe("exit-nonzero");
    expect(found?.message).toContain("restart policy allows no retry");
  });

  it("reads exit 137 under a memory limit as most likely out of memory, saying how sure it is", () => {
    const killed = task("failed", "task: non-zero exit (137)", { Status: { State: "failed", Err: "task: non-zero exit (137)", ContainerStatus: { ExitCode: 137 } } });
    const found = diagnoseTasks(evidence([killed, killed, killed], { memoryLimitBytes: 64 * 1048576 }), 0, 10_000);
    expect(found?.code).toBe("oom-killed");
    expect(found?.message).toContain("memory limit of 64 MiB: most likely out of memory");
    // Without a limit, 137 is a kill like any other: a crash loop.
    expect(diagnoseTasks(evidence([killed, killed, killed]), 0, 10_000)?.code).toBe("crash-loop");
  });
});

describe("timeoutDiagnosis and updateDiagnosis", () => {
  it("says what the newest task was doing when time ran out", () => {
    const found = timeoutDiagnosis(evidence([task("starting", "", { DesiredState: "running", NodeID: "n1" })]), 120_000);
    expect(found.code).toBe("gate-timeout");
    expect(found.message).toBe("api was not ready after 120 s: its newest task is starting on node node-1");
    expect(found.hint).toMatch(/healthcheck has not passed/);
    expect(timeoutDiagnosis(evidence([]), 5000).message).toBe("api was not ready after 5 s: its newest task is no task");
  });

  it("reports a rolled-back update as a failure with Swarm's message", () => {
    const found = updateDiagnosis(evidence([task("failed", "task: non-zero exit (1)")]), "rollback_completed", "rollback completed");
    expect(found.code).toBe("rolled-back");
    expect(found.message).toBe('Swarm\'s update of api ended rollback completed ("rollback completed"); last task on node node-2: failed ("task: non-zero exit (1)")');
  });
});
