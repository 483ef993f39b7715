import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadInline } from "../../compose/testing/inline-project.js";
import type { NewJournalEntry } from "../../journal/journal-entry.js";
import { openJournal } from "../../journal/journal.js";
import { renderReport } from "../../report/render-report.js";
import { observerOver, type StackView } from "../../swarm/obs-client.js";
import type { NodeFields, ServiceFields, TaskFields } from "../../swarm/stack-tasks.js";
import { projectRedactor } from "../../verify/project-secrets.js";
import { buildSwarmReport, noRunId, type SwarmReportInput } from "./swarm-report.js";

// The stack of e2e/stacks/swarm-ps as captured on the harness cluster (src/swarm/testdata/node-failure):
// cache at 2 replicas on nodes 1 and 2, store pinned to node 3; "after": nodes 2 and 3 stopped.
const testdata = join(import.meta.dirname, "..", "..", "swarm", "testdata", "node-failure");
const read = <T>(name: string): T => JSON.parse(readFileSync(join(testdata, `${name}.json`), "utf8")) as T;
const [node1, node2, node3] = ["berth-swarm-obsdev-1", "berth-swarm-obsdev-2", "berth-swarm-obsdev-3"];
const secret = "s3cret-report-canary-77";
const project = loadInline(`name: obsdev\nservices:\n  cache:\n    image: redis:7\n    command: ["redis-server", "--requirepass", "${secret}"]\n  store:\n    image: redis:7\n    healthcheck:\n      test: ["CMD", "redis-cli", "ping"]\n`);

async function view(moment: "before" | "after"): Promise<StackView> {
  const objects = { services: read<ServiceFields[]>("services-status"), tasks: read<TaskFields[]>(`tasks-${moment}`), nodes: read<NodeFields[]>(`nodes-${moment}`) };
  return observerOver({ display: "tcp://127.0.0.1:2375", role: () => Promise.resolve("manager"), stackObjects: () => Promise.resolve(objects) }).stackView("obsdev");
}

async function journal(stateDir: string, runId: string, entries: readonly NewJournalEntry[]): Promise<void> {
  const opened = await openJournal(stateDir, runId);
  await opened.append({ type: "run-started", runId, command: "up (swarm)", project: "obsdev", composeFiles: [] });
  for (const entry of entries) await opened.append(entry);
  await opened.append({ type: "run-finished", ok: true });
}

const step = (service: string, outcome: "ok" | "failed", detail: string): NewJournalEntry => ({ type: "step", service, operation: "create service", cause: "swarm stack", outcome, startedAt: "2026-12-08T01:00:00.000Z", endedAt: "2026-12-08T01:00:04.500Z", detail });
const upRun = "20261208T010000Z-aaaaaa";
const input = (over: Partial<SwarmReportInput>): SwarmReportInput => ({ project, view: undefined as never, manager: "tcp://127.0.0.1:2375", stateDir: mkdtempSync(join(tmpdir(), "berth-swarm-report-")), runId: undefined, findings: [], now: new Date("2026-12-08T02:00:00.000Z"), ...over });

describe("buildSwarmReport", () => {
  it("a healthy stack deployed by berth up: nodes, tasks and their nodes, the up's steps; the verdict fails nothing", async () => {
    const base = input({ view: await view("before"), runId: upRun });
    await journal(base.stateDir, upRun, [step("store", "ok", `running on ${node3}`), step("cache", "ok", `running on ${node1}, running on ${node2}`)]);
    const report = await buildSwarmReport(base);
    expect(report.runId).toBe(upRun);
    expect(report.verdict.reasons).toEqual([]);
    expect(report.verdict.status).toBe("warn"); // no probe ran: nothing verified beyond the tasks' states
    expect(report.verdict.warnings).toEqual(["no probe ran: nothing was verified beyond the engine's state"]);
    // store declares a healthcheck (Swarm keeps its task starting until it passes), cache does not.
    expect(report.services.map((s) => [s.service, s.state, s.health, s.startedAt, s.healthyAt])).toEqual([
      ["cache", "running", "none", "2026-12-08T01:00:00.000Z", "2026-12-08T01:00:04.500Z"],
      ["store", "running", "healthy", "2026-12-08T01:00:00.000Z", "2026-12-08T01:00:04.500Z"],
    ]);
    expect(report.swarm?.nodes.map((n) => `${n.name} ${n.role} ${n.state}`)).toEqual([`${node1} manager ready`, `${node2} worker ready`, `${node3} worker ready`]);
    expect(report.swarm?.services.map((s) => [s.service, s.placements.map((p) => p.node)])).toEqual([["cache", [node1, node2]], ["store", [node3]]]);
    expect(report.swarm?.lines).toEqual([]);
    expect(report.swarm?.stepsRun).toBe(upRun);
    expect(report.swarm?.steps.map((s) => `${s.service}: ${s.operation} ${s.outcome}`)).toEqual(["store: create service ok", "cache: create service ok"]);

    const md = renderReport(report, "md", projectRedactor(project));
    expect(md).toContain("## Swarm: nodes and tasks");
    expect(md).toContain(`| ${node1} | manager (leader) | active | ready | - |`);
    expect(md).toContain(`| cache | replicated | 2/2 | obsdev_cache.1 (${node1}, running), obsdev_cache.2 (${node2}, running) |`);
    expect(md).toContain("Every service runs all its desired tasks on ready nodes.");
    expect(md).toContain(`| store | create service | ok | 4.5 s | running on ${node3} |`);
  });

  it("after two workers stopped: which service lost what on which node, where it went, why store runs nowhere; the verdict fails", async () => {
    const report = await buildSwarmReport(input({ view: await view("after") }));
    expect(report.runId).toBe(noRunId);
    expect(report.verdict.status).toBe("fail");
    expect(report.verdict.reasons).toEqual(["service store is not ready (0/1 tasks running)"]);
    expect(report.verdict.warnings).toContain("no berth up recorded for this stack: the steps of its deployment are unknown (deployed by docker stack deploy?)");
    const cacheLost = report.verdict.warnings.find((w) => w.startsWith("service cache lost"));
    expect(cacheLost).toMatch(new RegExp(`^service cache lost obsdev_cache\\.\\d with node ${node2} \\(down\\); Swarm runs it again on ${node1}$`));
    expect(report.swarm?.nodes.map((n) => `${n.name}=${n.state}`)).toEqual([`${node1}=ready`, `${node2}=down`, `${node3}=down`]);
    const lines = report.swarm?.lines ?? [];
    expect(lines.some((line) => new RegExp(`^lost: obsdev_cache\\.\\d on ${node2} \\(node down\\); rescheduled as obsdev_cache\\.\\d on ${node1}, running$`).test(line))).toBe(true);
    expect(lines).toContain(`lost: obsdev_store.1 on ${node3} (node down); not rescheduled: its replacement obsdev_store.1 is pending: no suitable node (2 nodes not available for new tasks; scheduling constraints not satisfied on 1 node)`);
    expect(lines).toContain("NOT HEALTHY: store 0/1 tasks running");

    for (const format of ["md", "html", "json"] as const) {
      const text = renderReport(report, format, projectRedactor(project));
      expect(text, format).toContain(`obsdev_store.1 on ${node3} (node down); not rescheduled`);
      expect(text, format).toContain("NOT HEALTHY: store 0/1 tasks running");
      expect(text, format).not.toContain(secret);
    }
    const json = JSON.parse(renderReport(report, "json", projectRedactor(project))) as { verdict: { status: string }; swarm: { services: { service: string; ok: boolean; running: number; desired: number }[] } };
    expect(json.verdict.status).toBe("fail");
    expect(json.swarm.services.map((s) => `${s.service} ${s.running}/${s.desired} ${s.ok}`)).toEqual(["cache 2/2 true", "store 0/1 false"]);
    const html = renderReport(report, "html", projectRedactor(project));
    expect(html).toContain(`<section id="swarm"><h2>Swarm: nodes and tasks</h2>`);
    expect(html).toContain(`<td class="bad">0/1</td>`);
    expect(renderReport(report, "md", projectRedactor(project))).toContain("No berth up recorded for this stack.");
  });

  it("a verify run after the up: its evidence, and the steps and diagnoses of the up before it", async () => {
    const base = input({ view: await view("before"), runId: "20261208T011000Z-bbbbbb" });
    await journal(base.stateDir, "20261207T230000Z-cccccc", [step("cache", "ok", "older up")]);
    await journal(base.stateDir, upRun, [step("store", "failed", `rejected on ${node3}`), { type: "step", service: "store", operation: "rollback service", cause: "failed update", outcome: "ok", startedAt: "2026-12-08T01:00:04.500Z", endedAt: "2026-12-08T01:00:04.500Z", detail: "rolled back" }, { type: "diagnosis", service: "store", diagnosis: { code: "task-rejected", message: `task rejected on node ${node3}`, hint: "create the bind source on the node", evidence: {} } }]);
    await journal(base.stateDir, "20261208T011000Z-bbbbbb", [{ type: "evidence", evidence: { probe: "cache-ping", kind: "redis", target: "redis cache", ok: true, summary: "PONG", failures: [], facts: {}, startedAt: "2026-12-08T01:10:00.000Z", durationMs: 3 } }]);
    const report = await buildSwarmReport(base);
    expect(report.swarm?.stepsRun).toBe(upRun);
    expect(report.swarm?.steps.map((s) => `${s.operation}: ${s.detail}`)).toEqual([`create service: rejected on ${node3}`, "rollback service: rolled back"]);
    expect(report.diagnoses).toEqual([{ service: "store", code: "task-rejected", message: `task rejected on node ${node3}`, hint: "create the bind source on the node" }]);
    expect(report.evidence.map((e) => e.probe)).toEqual(["cache-ping"]);
    expect(report.verdict.reasons).toEqual([`service store: task-rejected: task rejected on node ${node3}`]);
    // The failed step has no ready time (the rollback step is not a deployment's time); the time of a service comes from the latest up.
    expect(report.services.find((s) => s.service === "store")?.healthyAt).toBeNull();
    expect(report.services.find((s) => s.service === "cache")?.startedAt).toBeNull();
  });

  it("a job's ready time is when it finished; it counts as done once its completions are", async () => {
    const modes = join(import.meta.dirname, "..", "..", "swarm", "testdata", "modes");
    const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(modes, `${name}.json`), "utf8")) as T;
    const objects = { services: fixture<ServiceFields[]>("services"), tasks: fixture<TaskFields[]>("tasks"), nodes: fixture<NodeFields[]>("nodes") };
    const jobView = await observerOver({ display: "m", role: () => Promise.resolve("manager"), stackObjects: () => Promise.resolve(objects) }).stackView("modes");
    const base = input({ view: jobView, runId: upRun, project: loadInline("name: modes\nservices:\n  setup:\n    image: a:1\n") });
    await journal(base.stateDir, upRun, [{ ...step("setup", "ok", "complete on node-1"), endedAt: "2026-12-08T01:00:02.000Z" } as NewJournalEntry]);
    const setup = (await buildSwarmReport(base)).services.find((s) => s.service === "setup");
    expect(setup).toMatchObject({ state: "exited", exitCode: 0, oneShot: true, healthyAt: null, finishedAt: "2026-12-08T01:00:02.000Z", health: "none" });
  });

  it("a service of the file the stack does not have is missing, and fails the verdict", async () => {
    const withWeb = loadInline("name: obsdev\nservices:\n  cache:\n    image: redis:7\n  store:\n    image: redis:7\n  web:\n    image: nginx:1.22\n");
    const report = await buildSwarmReport(input({ view: await view("before"), project: withWeb }));
    expect(report.services.map((s) => `${s.service}=${s.state}`)).toEqual(["cache=running", "store=running", "web=missing"]);
    expect(report.services.find((s) => s.service === "web")?.image).toBe("nginx:1.22");
    expect(report.verdict.reasons).toEqual(["service web is not ready (missing)"]);
  });

  it("a stack the manager has no service of fails: nothing is deployed", async () => {
    const empty = await observerOver({ display: "tcp://m:2375", role: () => Promise.resolve("manager"), stackObjects: () => Promise.resolve({ services: [], tasks: [], nodes: read<NodeFields[]>("nodes-before") }) }).stackView("obsdev");
    const report = await buildSwarmReport(input({ view: empty, manager: "tcp://m:2375" }));
    expect(report.verdict.status).toBe("fail");
    expect(report.verdict.reasons).toEqual(["service cache is not ready (missing)", "service store is not ready (missing)", "the Swarm manager tcp://m:2375 has no service of this stack (not deployed, or removed)"]);
  });
});
