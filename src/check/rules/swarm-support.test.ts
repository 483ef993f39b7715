import { describe, expect, it } from "vitest";
import type { Service } from "../../compose/model/project.js";
import { placementConstraints, placementMaxReplicasPerNode, pinnedToNode, runsSeveralTasks } from "./swarm-support.js";

const service = (deploy: Service["deploy"]): Service => ({ name: "svc", command: null, entrypoint: null, ...(deploy === undefined ? {} : { deploy }) });

describe("swarm support", () => {
  it("reads placement constraints as written, and none when placement is missing or malformed", () => {
    expect(placementConstraints(service({ placement: { constraints: ["node.role == manager", "node.labels.db == yes"] } }))).toEqual(["node.role == manager", "node.labels.db == yes"]);
    expect(placementConstraints(service(undefined))).toEqual([]);
    expect(placementConstraints(service({ placement: "node-1" }))).toEqual([]);
    expect(placementConstraints(service({ placement: { constraints: "node.role == manager" } }))).toEqual([]);
  });
  it.each([
    ["node.hostname == db-1", true],
    ["node.id==2k4j3", true],
    ["node.labels.berth.node == 3", true],
    [" node.labels.disk==ssd", true],
    ["node.role == manager", false],
    ["node.hostname != db-1", false],
    ["node.platform.os == linux", false],
    ["engine.labels.x == y", false],
  ])("treats %s as pinned to one node: %s", (constraint, pinned) => {
    expect(pinnedToNode(service({ placement: { constraints: [constraint] } })) !== undefined).toBe(pinned);
  });
  it("counts replicas above one and global modes as several tasks", () => {
    expect(runsSeveralTasks(service(undefined))).toBe(false);
    expect(runsSeveralTasks(service({ replicas: 1 }))).toBe(false);
    expect(runsSeveralTasks(service({ replicas: 3 }))).toBe(true);
    expect(runsSeveralTasks(service({ mode: "global" }))).toBe(true);
    expect(runsSeveralTasks(service({ mode: "global-job" }))).toBe(true);
    expect(runsSeveralTasks(service({ mode: "replicated-job" }))).toBe(false);
  });
  it("reads max_replicas_per_node only when it is a number", () => {
    expect(placementMaxReplicasPerNode(service({ placement: { max_replicas_per_node: 1 } }))).toBe(1);
    expect(placementMaxReplicasPerNode(service({ placement: { max_replicas_per_node: "1" } }))).toBeUndefined();
    expect(placementMaxReplicasPerNode(service({}))).toBeUndefined();
  });
});
