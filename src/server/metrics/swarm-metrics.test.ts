import { describe, expect, it } from "vitest";
import { nodeFailure } from "../testing/swarm-fixture.js";
import { renderPrometheusText } from "./prom-text.js";
import { swarmFamilies } from "./swarm-metrics.js";

const samples = (name: string, families = swarmFamilies([{ project: "s", overview: nodeFailure }])) =>
  families.find((family) => family.name === name)?.samples.map((sample) => [sample.labels, sample.value]);

describe("swarmFamilies", () => {
  it("says each node up or down, with its role and availability", () => {
    expect(samples("berth_swarm_node_up")).toEqual([
      [{ project: "s", node: "node-1", role: "manager", availability: "active" }, 1],
      [{ project: "s", node: "node-2", role: "worker", availability: "active" }, 0],
      [{ project: "s", node: "node-3", role: "worker", availability: "drain" }, 0],
    ]);
  });
  it("says each service up only when all its desired tasks run", () => {
    expect(samples("berth_swarm_service_up")).toEqual([[{ project: "s", service: "cache" }, 1], [{ project: "s", service: "store" }, 0]]);
  });
  it("gives desired, really running and lost tasks per service", () => {
    expect(samples("berth_swarm_service_tasks_desired")).toEqual([[{ project: "s", service: "cache" }, 2], [{ project: "s", service: "store" }, 1]]);
    expect(samples("berth_swarm_service_tasks_running")).toEqual([[{ project: "s", service: "cache" }, 2], [{ project: "s", service: "store" }, 0]]);
    expect(samples("berth_swarm_service_tasks_lost")).toEqual([[{ project: "s", service: "cache" }, 1], [{ project: "s", service: "store" }, 1]]);
  });
  it("has no Swarm family at all off a manager", () => {
    expect(swarmFamilies([])).toEqual([]);
  });
  it("renders as Prometheus text in the style of the other families", () => {
    const text = renderPrometheusText(swarmFamilies([{ project: "s", overview: nodeFailure }]));
    expect(text).toContain("# TYPE berth_swarm_node_up gauge\n");
    expect(text).toContain('berth_swarm_node_up{project="s",node="node-2",role="worker",availability="active"} 0\n');
    expect(text).toContain('berth_swarm_service_tasks_running{project="s",service="store"} 0\n');
  });
});
