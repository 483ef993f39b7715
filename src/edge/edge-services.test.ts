import { describe, expect, it } from "vitest";
import type { Service, ServicePort } from "../compose/model/project.js";
import { testProject } from "../plan/test-project.js";
import { dependencyOrder } from "../rollout/rollout-order.js";
import { edgeBlocker, edgeNameOf, frontedBy, holderImage, withEdges } from "./edge-services.js";
import { holderScript } from "./holder-script.js";

const healthcheck = { test: ["CMD", "true"] };
const published: ServicePort = { mode: "ingress", host_ip: "127.0.0.1", target: 8080, published: "8080", protocol: "tcp" };
const logging = { driver: "json-file", options: { "max-size": "10m" } };
const shop = (frontend: Partial<Service> = {}) =>
  testProject("shop", {
    frontend: { image: "web:1", healthcheck, ports: [published, { mode: "ingress", target: 9000, protocol: "tcp" }], networks: { web: null }, depends_on: { backend: { condition: "service_healthy", required: true } }, logging, ...frontend },
    backend: { image: "api:1", healthcheck, networks: { web: null, data: null } },
  });

describe("withEdges", () => {
  it("moves a published stateless service's host ports to a holder that forwards to it by name", () => {
    const project = withEdges(shop());
    expect(project.services["frontend"]?.ports).toEqual([{ mode: "ingress", target: 9000, protocol: "tcp" }]);
    expect(project.services["frontend-edge"]).toEqual({
      name: "frontend-edge",
      image: holderImage,
      command: ["node", "-e", holderScript],
      entrypoint: null,
      environment: { BERTH_EDGE_TARGET: "frontend", BERTH_EDGE_PORTS: "8080" },
      ports: [published],
      networks: { web: null },
      depends_on: { frontend: { condition: "service_healthy", required: true } },
      labels: { "io.berth.edge-for": "frontend" },
      restart: "unless-stopped",
      stop_grace_period: "2s",
      mem_limit: "64m",
      logging,
    });
    expect(project.services["backend"]).toEqual(shop().services["backend"]);
    expect(frontedBy(project.services["frontend-edge"] as Service)).toBe("frontend");
    expect(frontedBy(project.services["frontend"] as Service)).toBeUndefined();
  });

  it("does not depend on the release: a new image or environment of the service leaves the holder as it was", () => {
    const v1 = withEdges(shop()).services["frontend-edge"];
    const v2 = withEdges(shop({ image: "web:2", environment: { APP_VERSION: "2" } })).services["frontend-edge"];
    expect(v2).toEqual(v1);
  });

  it("joins the default network when the service declares none", () => {
    const project = withEdges(testProject("shop", { web: { image: "nginx:1.22", healthcheck, ports: [published] } }));
    expect(project.services["web-edge"]?.networks).toBeUndefined();
    expect(project.services["web-edge"]?.ports).toEqual([published]);
  });

  it.each([
    ["no published port", { ports: [{ mode: "ingress", target: 8080, protocol: "tcp" }] }, "publishes no host port"],
    ["an opt-out", { "x-berth": { edge: false } }, "x-berth.edge: false"],
    ["a UDP port", { ports: [published, { ...published, protocol: "udp", published: "53", target: 53 }] }, "publishes a UDP port (the holder forwards TCP only)"],
    ["a port range", { ports: [{ ...published, published: "8080-8081" }] }, "publishes a port range"],
    ["no healthcheck", { healthcheck: undefined }, "no healthcheck to tell when a new container is ready"],
    ["a disabled healthcheck", { healthcheck: { disable: true } }, "no healthcheck to tell when a new container is ready"],
    ["a container_name", { container_name: "front" }, "fixed container_name"],
    ["network_mode host", { network_mode: "host" }, "network_mode host"],
    ["a named volume", { volumes: [{ type: "volume" as const, source: "cache", target: "/cache" }] }, "mounts a named volume (stateful)"],
  ])("leaves a service with %s as it is", (_, change, reason) => {
    const project = shop(change as Partial<Service>);
    expect(edgeBlocker(project, project.services["frontend"] as Service)).toBe(reason);
    expect(withEdges(project)).toBe(project);
  });

  it("gives no holder to a one-shot job", () => {
    const project = testProject("shop", {
      seed: { image: "seed:1", healthcheck, ports: [published] },
      app: { image: "app:1", depends_on: { seed: { condition: "service_completed_successfully", required: true } } },
    });
    expect(edgeBlocker(project, project.services["seed"] as Service)).toBe("a one-shot job");
  });

  it("names the holder <service>-berth-edge when the files use <service>-edge for something else", () => {
    const project = testProject("shop", { web: { image: "nginx:1.22", healthcheck, ports: [published] }, "web-edge": { image: "varnish:7" } });
    expect(edgeNameOf(project, "web")).toBe("web-berth-edge");
    const edged = withEdges(project);
    expect(edged.services["web-edge"]).toEqual(project.services["web-edge"]);
    expect(edged.services["web-berth-edge"]?.labels).toEqual({ "io.berth.edge-for": "web" });
    expect(edgeNameOf(edged, "web")).toBe("web-berth-edge");
    expect(edgeNameOf(withEdges(shop()), "frontend")).toBe("frontend-edge");
  });

  it("orders the holder after the service it fronts, and a proxy after its backend", () => {
    const project = withEdges(shop());
    expect(dependencyOrder(project, Object.keys(project.services))).toEqual(["backend", "frontend", "frontend-edge"]);
    expect(dependencyOrder(project, ["frontend", "backend"])).toEqual(["backend", "frontend"]);
  });
});
