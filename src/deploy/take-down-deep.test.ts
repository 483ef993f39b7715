import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import { composeLabel } from "../engine/labels.js";
import type { ContainerSummary, Engine } from "./engine-port.js";
import { testProject } from "../plan/test-project.js";
import { orderFromLabels, takeDown } from "./take-down.js";

// `down` (and `down --dry-run`) on a depends_on chain of 6,000 services: the removal order is
// walked with its own stack, so it neither overflows the call stack nor takes quadratic time.

const length = 6000;
const name = (index: number) => `s${index}`;

function summary(index: number, withDependsOn: boolean): ContainerSummary {
  const labels: Record<string, string> = { [composeLabel.project]: "deep", [composeLabel.service]: name(index) };
  if (withDependsOn && index < length) labels[composeLabel.dependsOn] = `${name(index + 1)}:service_started:true`;
  return { id: `id-${index}`, name: `deep-${name(index)}-1`, labels } as unknown as ContainerSummary;
}

/** An engine that answers what takeDown asks and records the order of the stops. */
function recordingEngine(containers: readonly ContainerSummary[], stops: string[]): Engine {
  const engine: Partial<Engine> = {
    listContainers: async () => [...containers],
    stopContainer: async (id) => void stops.push(id),
    removeContainer: async () => undefined,
    listNetworks: async () => [],
    listVolumes: async () => [],
  };
  return engine as Engine;
}

describe("takeDown on a 6,000-service depends_on chain", () => {
  const services: Record<string, Partial<Service>> = {};
  for (let index = 0; index < length; index++) services[name(index)] = { depends_on: { [name(index + 1)]: { condition: "service_started", required: true } } as NonNullable<Service["depends_on"]> };
  services[name(length)] = {};
  const project = testProject("deep", services);

  it("removes dependants first, from the files' depends_on", async () => {
    const stops: string[] = [];
    const containers = Array.from({ length: length + 1 }, (_, index) => summary(index, false));
    const result = await takeDown({ engine: recordingEngine(containers, stops), project, volumes: false });
    expect(result.containers).toHaveLength(length + 1);
    expect(stops[0]).toBe("id-0");
    expect(stops.at(-1)).toBe(`id-${length}`);
    expect(stops.indexOf("id-3001")).toBe(stops.indexOf("id-3000") + 1);
  });

  it("removes dependants first with no files (down -p NAME), from the containers' labels", async () => {
    const stops: string[] = [];
    const containers = Array.from({ length: length + 1 }, (_, index) => summary(index, true));
    await takeDown({ engine: recordingEngine(containers, stops), project: testProject("deep", {}), volumes: false });
    expect(stops[0]).toBe("id-0");
    expect(stops.at(-1)).toBe(`id-${length}`);
  });

  it("orderFromLabels: dependencies first, roots sorted, cycles and unknown names tolerated", () => {
    const order = orderFromLabels(Array.from({ length: length + 1 }, (_, index) => summary(index, true)));
    expect(order[0]).toBe(name(length));
    expect(order.at(-1)).toBe(name(0));
    const label = (service: string, dependsOn: string) => ({ id: service, name: service, labels: { [composeLabel.service]: service, [composeLabel.dependsOn]: dependsOn } }) as unknown as ContainerSummary;
    expect(orderFromLabels([label("web", "api:service_started:true"), label("api", "web:service_started:true,gone:service_started:false")])).toEqual(["web", "api"]);
  });
});
