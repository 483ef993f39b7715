import { describe, expect, it } from "vitest";
import type { Service, ServicePort } from "../compose/model/project.js";
import { withEdges } from "../edge/edge-services.js";
import type { ObservedContainer, ObservedState } from "../plan/observed-state.js";
import { reconcile } from "../plan/reconcile.js";
import { testProject } from "../plan/test-project.js";
import { renderDowntime } from "./downtime.js";
import { splitForRollouts } from "./up-rollouts.js";

const healthcheck = { test: ["CMD", "true"], interval: "2s", retries: 5, start_period: "4s" };
const published: ServicePort = { mode: "ingress", host_ip: "127.0.0.1", target: 8080, published: "8080", protocol: "tcp" };
const files = (web: Partial<Service> = {}) =>
  testProject(
    "shop",
    {
      db: { image: "postgres:15", healthcheck, stop_grace_period: "20s", volumes: [{ type: "volume", source: "data", target: "/var/lib/postgresql/data" }] },
      api: { image: "app:2", healthcheck, depends_on: { db: { condition: "service_healthy", required: true } } },
      web: { image: "web:2", healthcheck, ports: [published], depends_on: { api: { condition: "service_healthy", required: true } }, ...web },
      migrate: { image: "app:2", command: ["migrate"] },
      worker: { image: "app:2", depends_on: { migrate: { condition: "service_completed_successfully", required: true } } },
    },
    { volumes: { data: { name: "shop_data" } } },
  );

function running(service: string, imageId: string, health: ObservedContainer["health"] = "healthy"): ObservedContainer {
  return { id: `${service}0123456789ab`, name: `shop-${service}-1`, service, number: 1, oneoff: false, status: "running", exitCode: 0, configHash: `hash-${service}`, imageId, health };
}

const configHash = (service: Service) => `hash-${service.name}`;
const images = { "postgres:15": "sha256:pg-new", "app:2": "sha256:app2", "web:2": "sha256:web2", "node:20-bookworm-slim": "sha256:node" };
const old = ["db", "api", "web", "migrate", "worker", "web-edge"].map((s) => running(s, s === "web-edge" ? "sha256:node" : "sha256:old", s === "worker" || s === "web-edge" ? undefined : "healthy"));
const observed = (containers = old): ObservedState => ({ project: "shop", containers, networks: [], volumes: [{ name: "shop_data", id: "v" }], images });

function downtimeOf(project: ReturnType<typeof files>, state: ObservedState) {
  const deployed = withEdges(project);
  return splitForRollouts(deployed, state, reconcile(deployed, state, { configHash })).downtime;
}

describe("downtime notices", () => {
  it("names what goes down, why and for how long, and nothing that rolls start-first; jobs are left out", () => {
    expect(downtimeOf(files(), observed())).toEqual([
      { service: "db", reason: "recreated in place: stateful (named volume data)", published: [], expectedMaxMs: 20_000 + 4_000 + 2_000 * 5 },
      { service: "worker", reason: "recreated in place: no healthcheck to tell when the new container is ready", published: [], expectedMaxMs: 10_000 },
    ]);
  });

  it("puts a published service first, with its host ports, when it is stop-first by choice", () => {
    const notices = downtimeOf(files({ deploy: { update_config: { order: "stop-first" } } }), observed());
    expect(notices[0]).toEqual({ service: "web", reason: "stop-first: update_config.order stop-first", published: ["127.0.0.1:8080"], expectedMaxMs: 24_000 });
    expect(renderDowntime(notices).split("\n")[0]).toBe("DOWNTIME: this update takes 1 published service(s) down:");
    expect(renderDowntime(notices).split("\n")[1]).toBe("  web (published on 127.0.0.1:8080: unreachable meanwhile): stop-first: update_config.order stop-first; down up to 24 s");
  });

  it("says a published service opting out of its port holder goes down with its port", () => {
    const notices = downtimeOf(files({ "x-berth": { edge: false } }), observed(old.filter((c) => c.service !== "web-edge")));
    expect(notices[0]).toMatchObject({ service: "web", reason: "stop-first: publishes a host port", published: ["127.0.0.1:8080"] });
  });

  it("says when a replica is replaced in place because it is not healthy, or because its holder is new", () => {
    const sick = old.map((c) => (c.service === "api" ? { ...c, health: "unhealthy" as const } : c));
    expect(downtimeOf(files(), observed(sick)).find((n) => n.service === "api")?.reason).toBe("recreated in place: its current replicas are not healthy");
    const noHolder = downtimeOf(files(), observed(old.filter((c) => c.service !== "web-edge")));
    expect(noHolder[0]).toMatchObject({ service: "web", reason: "recreated in place: its port holder web-edge takes over the host ports after it (once)", published: ["127.0.0.1:8080"] });
  });

  it("renders nothing when nothing goes down", () => {
    expect(renderDowntime([])).toBe("");
    expect(renderDowntime([{ service: "db", reason: "recreated in place: stateful (named volume data)", published: [], expectedMaxMs: 34_000 }])).toBe(
      "downtime: this update stops 1 service(s) while replacing them:\n  db: recreated in place: stateful (named volume data); down up to 34 s\n",
    );
  });
});
