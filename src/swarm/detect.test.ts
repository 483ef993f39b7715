import { describe, expect, it } from "vitest";
import { swarmRoleOf } from "./detect.js";

describe("swarmRoleOf", () => {
  it("is a manager when the node is active and has the control plane", () => {
    expect(swarmRoleOf({ Swarm: { LocalNodeState: "active", ControlAvailable: true, NodeID: "n1", Nodes: 3, Managers: 1 } })).toBe("manager");
  });
  it("is a worker when the node is active without the control plane", () => {
    expect(swarmRoleOf({ Swarm: { LocalNodeState: "active", ControlAvailable: false } })).toBe("worker");
  });
  it.each(["inactive", "pending", "error", "locked", ""])("is no Swarm when the node state is %s", (state) => {
    expect(swarmRoleOf({ Swarm: { LocalNodeState: state, ControlAvailable: true } })).toBe("none");
  });
  it("is no Swarm when /info has no Swarm section (an old or foreign engine)", () => {
    expect(swarmRoleOf({})).toBe("none");
  });
});
