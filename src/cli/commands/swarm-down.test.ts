import { describe, expect, it } from "vitest";
import type { StackRemoval } from "../../swarm/remove-stack.js";
import { removalNote, renderRemoval } from "./swarm-down.js";

const removal: StackRemoval = {
  services: ["shop_api", "shop_db"],
  networks: ["shop_default"],
  secrets: ["shop_pw-0123456789ab"],
  configs: [],
  volumes: [],
  volumesElsewhere: [{ name: "shop_data", nodes: ["node-3"] }],
  leftNetworks: [],
};

describe("swarm down output", () => {
  it("counts what was removed for berth history", () => {
    expect(removalNote(removal)).toBe("removed 2 services, 1 network, 1 secret (swarm)");
    expect(removalNote({ ...removal, services: [], networks: [], secrets: [] })).toBe("nothing to remove (swarm)");
  });

  it("says where a volume the manager cannot remove is, and how to remove it there", () => {
    expect(renderRemoval("shop", removal)).toBe(
      "shop: removed 2 service(s), 1 network(s), 1 secret(s), 0 config(s), 0 volume(s)\n" +
        "volume shop_data is on node-3: the manager cannot remove it there; on each: docker -H NODE volume rm shop_data\n",
    );
  });

  it("names a network still in use", () => {
    expect(renderRemoval("shop", { ...removal, networks: [], volumesElsewhere: [], leftNetworks: ["shop_default"] })).toContain("network shop_default is still in use and was not removed: run down again once its tasks have stopped");
  });
});
