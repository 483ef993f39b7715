import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import type { Service } from "../compose/model/project.js";
import { convertService } from "./convert-service.js";
import type { HealthConfig, ServiceSpec } from "./swarm-spec.js";
import { defaultMonitorNs, startFirstBlocker, updatePolicyOf } from "./update-policy.js";

// What berth deploys as update_config/rollback_config on a manager, decided from the parsed
// model (through the converted spec), never from the file's text.
function policyOf(yaml: string, name: string) {
  const project = loadInline(yaml, { projectName: "shop" });
  const service = project.services[name] as Service;
  return updatePolicyOf(service, convertService(project, service, { secrets: {}, configs: {} }));
}

const api = (deploy = "", extra = "") => `services:
  api:
    image: api:1
    healthcheck: { test: [CMD, "true"], interval: 2s, retries: 10 }
${extra}    deploy:
      replicas: 2
${deploy}`;

describe("updatePolicyOf", () => {
  it("gives a replicated stateless service start-first, rollback on failure, a monitor as long as its healthcheck needs, and a rollback_config", () => {
    const policy = policyOf(api(), "api");
    expect(policy.spec.UpdateConfig).toEqual({ Parallelism: 1, Order: "start-first", FailureAction: "rollback", Monitor: 20e9 });
    expect(policy.spec.RollbackConfig).toEqual({ Parallelism: 1, Order: "start-first", Monitor: 20e9 });
    expect(policy.downtime).toBeUndefined();
    expect(policy.defaults).toEqual(["update_config.order: start-first", "update_config.failure_action: rollback", "update_config.monitor: 20s", "rollback_config: parallelism 1, order start-first, monitor 20s"]);
  });

  it("keeps every key the file writes and fills in only the others", () => {
    const policy = policyOf(api("      update_config: { parallelism: 2, order: stop-first, failure_action: pause, monitor: 7s, delay: 1s }\n      rollback_config: { parallelism: 0, order: stop-first }\n"), "api");
    expect(policy.spec.UpdateConfig).toEqual({ Parallelism: 2, Order: "stop-first", FailureAction: "pause", Monitor: 7e9, Delay: 1e9 });
    expect(policy.spec.RollbackConfig).toEqual({ Parallelism: 0, Order: "stop-first" });
    expect(policy.defaults).toEqual([]);
    expect(policy.downtime).toBe("update_config.order: stop-first as written");
  });

  it("fills in the order and failure action beside a written monitor", () => {
    const policy = policyOf(api("      update_config: { monitor: 12s }\n"), "api");
    expect(policy.spec.UpdateConfig).toEqual({ Parallelism: 1, Order: "start-first", FailureAction: "rollback", Monitor: 12e9 });
    expect(policy.defaults).not.toContain("update_config.monitor: 12s");
  });

  it("names an update of a service with a host-mode port as one with downtime, stop-first, and says why", () => {
    const policy = policyOf(`services:
  edge:
    image: nginx:1.22
    ports: [{ target: 8080, published: 18080, mode: host }]
    deploy: { placement: { constraints: [node.labels.berth.node == 1] } }
`, "edge");
    expect(policy.spec.UpdateConfig?.Order).toBe("stop-first");
    expect(policy.spec.RollbackConfig?.Order).toBe("stop-first");
    expect(policy.downtime).toBe("stop-first: it publishes port 18080 in host mode: a new task cannot listen on it beside the old one");
  });

  it("updates a service with a named volume stop-first: two tasks must not write one data folder", () => {
    const policy = policyOf(`services:
  db:
    image: postgres:15
    volumes: [pgdata:/var/lib/postgresql/data]
volumes:
  pgdata: {}
`, "db");
    expect(policy.spec.UpdateConfig).toMatchObject({ Order: "stop-first", FailureAction: "rollback", Monitor: 5e9 });
    expect(policy.downtime).toBe("stop-first: it mounts volume shop_pgdata: two tasks must not write one data folder");
  });

  it("leaves jobs alone: an update reruns them, there is nothing to roll", () => {
    const policy = policyOf(`services:
  migrate:
    image: app:1
    deploy: { mode: replicated-job }
`, "migrate");
    expect(policy.spec.UpdateConfig).toBeUndefined();
    expect(policy.spec.RollbackConfig).toBeUndefined();
    expect(policy.defaults).toEqual([]);
  });

  it("gives a service with an anonymous volume start-first: each task gets a new one (awesome-compose react-express-mongodb's /usr/src/app/node_modules)", () => {
    const policy = policyOf(`services:
  frontend:
    image: node:20
    volumes: [./frontend:/usr/src/app, /usr/src/app/node_modules]
`, "frontend");
    expect(policy.spec.UpdateConfig?.Order).toBe("start-first");
    expect(policy.downtime).toBeUndefined();
  });

  it("gives a bind-mounted or tmpfs service start-first: only named volumes hold data a second task would share", () => {
    const policy = policyOf(`services:
  web:
    image: nginx:1.22
    tmpfs: [/tmp]
`, "web");
    expect(policy.spec.UpdateConfig?.Order).toBe("start-first");
    expect(startFirstBlocker(policy.spec)).toBeUndefined();
  });
});

describe("defaultMonitorNs", () => {
  const base = convertService(loadInline("services:\n  a:\n    image: a:1\n", { projectName: "p" }), loadInline("services:\n  a:\n    image: a:1\n", { projectName: "p" }).services["a"] as Service, { secrets: {}, configs: {} });
  const withHealth = (health: HealthConfig | undefined): ServiceSpec => ({ ...base, TaskTemplate: { ...base.TaskTemplate, ContainerSpec: { ...base.TaskTemplate.ContainerSpec, ...(health ? { Healthcheck: health } : {}) } } });

  it("is Swarm's 5 s without a healthcheck or with NONE", () => {
    expect(defaultMonitorNs(withHealth(undefined))).toBe(5e9);
    expect(defaultMonitorNs(withHealth({ Test: ["NONE"] }))).toBe(5e9);
  });

  it("is interval × retries, at least 5 s and at most 30 s", () => {
    expect(defaultMonitorNs(withHealth({ Test: ["CMD", "true"], Interval: 2e9, Retries: 3 }))).toBe(6e9);
    expect(defaultMonitorNs(withHealth({ Test: ["CMD", "true"], Interval: 1e9, Retries: 2 }))).toBe(5e9);
    expect(defaultMonitorNs(withHealth({ Test: ["CMD", "true"], Interval: 10e9, Retries: 5 }))).toBe(30e9);
    // Docker's defaults (30 s, 3 retries) when the healthcheck writes neither.
    expect(defaultMonitorNs(withHealth({ Test: ["CMD", "true"] }))).toBe(30e9);
  });
});
