import { describe, expect, it } from "vitest";
import { logNamer, parseServiceLogLine, selectStackServices } from "./service-logs.js";
import type { NodeFields, ServiceFields, TaskFields } from "./stack-tasks.js";

const attrs = "com.docker.swarm.node.id=n2,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t1";

describe("parseServiceLogLine", () => {
  it("reads the task and node of a line the manager sent with details (engine 20.10's form)", () => {
    expect(parseServiceLogLine(`${attrs} listening on :3000`, false)).toEqual({ taskId: "t1", nodeId: "n2", text: "listening on :3000" });
  });
  it("takes the timestamp first when asked for, and keeps the message's own spaces and = signs", () => {
    expect(parseServiceLogLine(`2026-12-08T03:57:13.237855035Z ${attrs} a=b  c, d`, true)).toEqual({ timestamp: "2026-12-08T03:57:13.237855035Z", taskId: "t1", nodeId: "n2", text: "a=b  c, d" });
  });
  it("keeps a line without attributes whole (an empty message too)", () => {
    expect(parseServiceLogLine("plain text, no details", false)).toEqual({ taskId: "", nodeId: "", text: "plain text, no details" });
    expect(parseServiceLogLine(`${attrs} `, false)).toMatchObject({ taskId: "t1", text: "" });
  });
  it("decodes escaped attribute values", () => {
    expect(parseServiceLogLine("com.docker.swarm.task.id=t%2C1,com.docker.swarm.node.id=n1 x", false)).toMatchObject({ taskId: "t,1", nodeId: "n1", text: "x" });
  });
});

const services: ServiceFields[] = [
  { ID: "s1", Spec: { Name: "shop_api" } },
  { ID: "s2", Spec: { Name: "shop_agent", Mode: { Global: {} } } },
  { ID: "s3", Spec: { Name: "shop_db" } },
];
const tasks: TaskFields[] = [
  { ID: "t1", ServiceID: "s1", Slot: 2, NodeID: "n2", DesiredState: "running", Status: { State: "running" } },
  { ID: "t2", ServiceID: "s2", NodeID: "n1", DesiredState: "running", Status: { State: "running" } },
];
const nodes: NodeFields[] = [
  { ID: "n1", Description: { Hostname: "node-1" } },
  { ID: "n2", Description: { Hostname: "node-2" } },
];

describe("logNamer", () => {
  const namer = logNamer("shop", services, tasks, nodes);
  it("names a replicated task by its slot and a global one by its node id, with the node's hostname", () => {
    expect(namer.prefixOf({ taskId: "t1", nodeId: "n2", text: "" })).toBe("api.2@node-2");
    expect(namer.prefixOf({ taskId: "t2", nodeId: "n1", text: "" })).toBe("agent.n1@node-1");
  });
  it("says what it does not know instead of guessing", () => {
    expect(namer.prefixOf({ taskId: "t9abcdef1234567", nodeId: "n7", text: "" })).toBe("?.t9abcdef1234@n7");
  });
});

describe("selectStackServices", () => {
  it("takes every service of the stack by name when none is asked for", () => {
    expect(selectStackServices("shop", services, []).chosen.map((service) => service.ID)).toEqual(["s2", "s1", "s3"]);
  });
  it("keeps the order asked for and names the unknown ones", () => {
    expect(selectStackServices("shop", services, ["db", "api", "web"])).toEqual({ chosen: [services[2], services[0]], unknown: ["web"] });
  });
});
