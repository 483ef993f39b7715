import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { swarmStartFirstMaxPerNode } from "./swarm-start-first-max-per-node.js";

const api = (deploy: string) => `services:\n  api:\n    image: shop-api:1.4\n    deploy:\n${deploy}`;

const spreadOnePerNode = [
  "      replicas: 2", //                       5
  "      placement:", //                        6
  "        max_replicas_per_node: 1", //        7
  "      update_config:", //                    8
  "        order: start-first", //              9
  "",
].join("\n");

describe("swarm-start-first-max-per-node", () => {
  it("warns at the order line, naming max_replicas_per_node's line and the nodes the update needs", () => {
    const findings = findingsOf(swarmStartFirstMaxPerNode, { compose: api(spreadOnePerNode) });
    expect(findings).toMatchObject([{ line: 9, column: 9, severity: "warning" }]);
    expect(findings[0]?.message).toBe(
      'service "api": update_config.order start-first runs 2 replicas + 1 new task at max_replicas_per_node: 1 (line 7) during an update, which takes 3 nodes; the placement constraints must leave at least 3 eligible nodes, or an update hangs with the new task pending (no suitable node)',
    );
    expect(findings[0]?.hint).toContain("keep at least 3 nodes eligible");
  });
  it("checks rollback_config too, each at its own line", () => {
    const both = `${spreadOnePerNode}      rollback_config:\n        order: start-first\n`;
    const findings = findingsOf(swarmStartFirstMaxPerNode, { compose: api(both) });
    expect(findings.map((finding) => finding.line)).toEqual([9, 11]);
    expect(findings[1]?.message).toContain("rollback_config.order start-first");
    expect(findings[1]?.message).toContain("a rollback hangs");
  });
  it("says it hangs for sure when a hostname constraint leaves one node", () => {
    const pinned = "      replicas: 1\n      placement:\n        constraints: [node.hostname == edge-1]\n        max_replicas_per_node: 1\n      update_config: { order: start-first }\n";
    const findings = findingsOf(swarmStartFirstMaxPerNode, { compose: api(pinned) });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('"node.hostname == edge-1" leaves one node, so an update hangs');
  });
  it("counts parallelism: that many new tasks start before old ones stop", () => {
    const parallel = "      replicas: 4\n      placement:\n        max_replicas_per_node: 2\n      update_config: { order: start-first, parallelism: 2 }\n";
    expect(findingsOf(swarmStartFirstMaxPerNode, { compose: api(parallel) })[0]?.message).toContain("4 replicas + 2 new tasks at max_replicas_per_node: 2 (line 7) during an update, which takes 3 nodes");
    const all = "      replicas: 3\n      placement:\n        max_replicas_per_node: 3\n      update_config: { order: start-first, parallelism: 0 }\n";
    expect(findingsOf(swarmStartFirstMaxPerNode, { compose: api(all) })[0]?.message).toContain("3 replicas + 3 new tasks");
  });
  it("stays quiet with stop-first, no max_replicas_per_node, or room for the extra task on one node", () => {
    expect(findingsOf(swarmStartFirstMaxPerNode, { compose: api(spreadOnePerNode.replace("start-first", "stop-first")) })).toEqual([]);
    expect(findingsOf(swarmStartFirstMaxPerNode, { compose: api("      replicas: 2\n      update_config: { order: start-first }\n") })).toEqual([]);
    expect(findingsOf(swarmStartFirstMaxPerNode, { compose: api("      replicas: 2\n      placement: { max_replicas_per_node: 3 }\n      update_config: { order: start-first }\n") })).toEqual([]);
  });
  it("stays quiet for global services and when order is not written", () => {
    expect(findingsOf(swarmStartFirstMaxPerNode, { compose: api("      mode: global\n      placement: { max_replicas_per_node: 1 }\n      update_config: { order: start-first }\n") })).toEqual([]);
    expect(findingsOf(swarmStartFirstMaxPerNode, { compose: api("      replicas: 2\n      placement: { max_replicas_per_node: 1 }\n      update_config: { parallelism: 1 }\n") })).toEqual([]);
  });
});
