import { describe, expect, it } from "vitest";
import { parseClusterStatus } from "./swarm-cluster.js";

describe("parseClusterStatus", () => {
  it("keeps the harness's KEY=VALUE lines and ignores the rest", () => {
    const text = "BERTH_SWARM_MANAGER=tcp://127.0.0.1:41234\nnoise line\nBERTH_SWARM_NODE_1=berth-swarm-x-1\nBERTH_SWARM_PORT_1_18090=40001\nOTHER=1\n";
    expect(parseClusterStatus(text)).toEqual({
      BERTH_SWARM_MANAGER: "tcp://127.0.0.1:41234",
      BERTH_SWARM_NODE_1: "berth-swarm-x-1",
      BERTH_SWARM_PORT_1_18090: "40001",
    });
  });

  it("keeps an empty value and a value holding '='", () => {
    expect(parseClusterStatus("BERTH_SWARM_READY=\nBERTH_SWARM_X=a=b")).toEqual({ BERTH_SWARM_READY: "", BERTH_SWARM_X: "a=b" });
  });
});
