import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown.js";
import { renderHtml } from "./html.js";
import { nodesLostWithTasks, placementsCell, roleCell, runningCell, stepSeconds, swarmFailures, swarmWarnings, type SwarmReportPart, type SwarmReportService } from "./swarm-part.js";
import { fixtureInput } from "./testing-fixture.js";
import { buildReport } from "./verdict.js";

const node = (name: string, state = "ready", message = "") => ({ name, role: "worker", availability: "active", state, message, leader: false });
const service = (over: Partial<SwarmReportService>): SwarmReportService => ({ service: "api", mode: "replicated", desired: 2, running: 2, completed: 0, ok: true, placements: [], lost: [], pending: [], ...over });
const part = (over: Partial<SwarmReportPart>): SwarmReportPart => ({ manager: "tcp://m:2375", nodes: [node("n1"), node("n2")], services: [service({})], lines: [], stepsRun: "run-1", steps: [], ...over });

describe("the Swarm part's verdict", () => {
  it("says nothing when every node is ready and berth deployed the stack", () => {
    expect(swarmWarnings(part({}))).toEqual([]);
    expect(swarmFailures(part({}))).toEqual([]);
  });

  it("warns of a node that went down holding a task Swarm runs again elsewhere", () => {
    const lost = service({ lost: [{ task: "shop_api.2", node: "n2", nodeState: "down", replacement: { task: "shop_api.2", node: "n1", state: "running", error: "" } }] });
    const p = part({ nodes: [node("n1"), node("n2", "down", "heartbeat failure")], services: [lost] });
    expect(nodesLostWithTasks(p)).toEqual(["n2"]);
    expect(swarmWarnings(p)).toEqual(["service api lost shop_api.2 with node n2 (down); Swarm runs it again on n1"]);
  });

  it("leaves a short service to the failures (it is a service that is not ready) instead of a warning", () => {
    const short = service({ running: 1, ok: false, lost: [{ task: "shop_api.2", node: "n2", nodeState: "down", replacement: { task: "shop_api.2", node: "", state: "pending", error: "" } }] });
    expect(swarmWarnings(part({ nodes: [node("n1"), node("n2", "down")], services: [short] }))).toEqual([]);
  });

  it("names a node that is down without a task of this stack, and a stack berth never deployed", () => {
    expect(swarmWarnings(part({ nodes: [node("n1"), node("n3", "disconnected", "heartbeat failure")], stepsRun: null }))).toEqual([
      "node n3 is disconnected (heartbeat failure): no task of this stack was lost with it",
      "no berth up recorded for this stack: the steps of its deployment are unknown (deployed by docker stack deploy?)",
    ]);
  });

  it("fails a stack the manager has no service of", () => {
    expect(swarmFailures(part({ services: [] }))).toEqual(["the Swarm manager tcp://m:2375 has no service of this stack (not deployed, or removed)"]);
  });

  it("goes into the report's verdict: a node lost with a task makes it warn, never pass", () => {
    const healthy = { ...fixtureInput, services: fixtureInput.services.map((s) => ({ ...s, restarts: 0 })), evidence: fixtureInput.evidence.filter((e) => e.ok), findings: [] };
    expect(buildReport({ ...healthy, swarm: part({}) }).verdict.status).toBe("pass");
    const lost = service({ lost: [{ task: "shop_api.2", node: "n2", nodeState: "down", replacement: { task: "shop_api.2", node: "n1", state: "running", error: "" } }] });
    const report = buildReport({ ...healthy, swarm: part({ nodes: [node("n1"), node("n2", "down")], services: [lost] }) });
    expect(report.verdict.status).toBe("warn");
    expect(buildReport({ ...healthy, swarm: part({ services: [] }) }).verdict.status).toBe("fail");
  });
});

describe("the Swarm part's cells", () => {
  it("running/desired, a job's completions, the tasks with their nodes, the leader, a step's time", () => {
    expect(runningCell(service({ running: 1 }))).toBe("1/2");
    expect(runningCell(service({ mode: "job", desired: 1, completed: 1, running: 0 }))).toBe("1/1 completed");
    expect(placementsCell(service({ placements: [{ task: "s_api.1", node: "n1", state: "running" }, { task: "s_api.2", node: "", state: "pending" }] }))).toBe("s_api.1 (n1, running), s_api.2 (no node, pending)");
    expect(placementsCell(service({}))).toBe("-");
    expect(roleCell({ ...node("n1"), role: "manager", leader: true })).toBe("manager (leader)");
    expect(stepSeconds({ service: "a", operation: "x", outcome: "ok", startedAt: "2026-12-08T01:00:00.000Z", endedAt: "2026-12-08T01:00:12.340Z", detail: "" })).toBe("12.3 s");
    expect(stepSeconds({ service: "a", operation: "x", outcome: "ok", startedAt: "?", endedAt: "?", detail: "" })).toBe("-");
  });
});

describe("rendering", () => {
  it("one-host reports have no Swarm section", () => {
    const report = buildReport(fixtureInput);
    expect(renderMarkdown(report)).not.toContain("Swarm");
    expect(renderHtml(report)).not.toContain(`id="swarm"`);
  });

  it("Markdown and HTML escape what the engine wrote (a pending task's message)", () => {
    const pending = service({ ok: false, running: 0, desired: 1, placements: [{ task: "s_api.1", node: "", state: "pending" }] });
    const report = buildReport({ ...fixtureInput, swarm: part({ services: [pending], lines: ["not running: s_api.1 pending: no suitable node (<a> | b)"] }) });
    expect(renderMarkdown(report)).toContain("- not running: s_api.1 pending: no suitable node (<a> | b)");
    expect(renderMarkdown(report)).toContain("| api | replicated | 0/1 | s_api.1 (no node, pending) |");
    expect(renderHtml(report)).toContain("no suitable node (&lt;a&gt; | b)");
  });
});
