import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import { testProject } from "../plan/test-project.js";
import { containerSpec, networkNamesOf } from "./container-spec.js";

type Body = Record<string, unknown> & { HostConfig: Record<string, unknown>; NetworkingConfig: { EndpointsConfig: Record<string, unknown> } };

function specOf(service: Partial<Service>, extra: Parameters<typeof testProject>[2] = {}): Body {
  const project = testProject("shop", { api: service, db: { image: "postgres:15" } }, extra);
  return containerSpec(project, project.services["api"] as Service, { name: "shop-api-1", image: "app:1", labels: { "com.docker.compose.service": "api" } }) as unknown as Body;
}

describe("containerSpec, the less common keys", () => {
  it("turns `healthcheck: disable` into the engine's NONE, overriding the image's own check", () => {
    expect(specOf({ healthcheck: { disable: true, test: ["CMD", "true"] } }).Healthcheck).toEqual({ Test: ["NONE"] });
  });

  it.each([
    ["service:db", "container:shop-db-1"],
    ["host", "host"],
    ["none", "none"],
  ])("maps network_mode %s to %s", (mode, engineMode) => {
    expect(specOf({ network_mode: mode }).HostConfig["NetworkMode"]).toBe(engineMode);
  });

  it("names external and renamed networks by their engine names, and joins none at create without networks", () => {
    const extra = { networks: { edge: { name: "proxy_net", external: true }, back: { name: "shop_backend" } } };
    const project = testProject("shop", { api: { image: "app:1", networks: { edge: null, back: null } } }, extra);
    expect(networkNamesOf(project, project.services["api"] as Service).sort()).toEqual(["proxy_net", "shop_backend"]);
    expect(specOf({ network_mode: "none" }).NetworkingConfig).toEqual({ EndpointsConfig: {} });
  });

  it.each([
    [undefined, { Name: "no" }],
    ["no", { Name: "no" }],
    ["always", { Name: "always" }],
    ["unless-stopped", { Name: "unless-stopped" }],
    ["on-failure:5", { Name: "on-failure", MaximumRetryCount: 5 }],
  ])("gives restart %s as the engine's policy", (restart, policy) => {
    expect(specOf(restart === undefined ? {} : { restart }).HostConfig["RestartPolicy"]).toEqual(policy);
  });

  it("limits CPU in nano-CPUs and memory in bytes, from the service keys or deploy.resources.limits", () => {
    expect(specOf({ cpus: 0.5, mem_limit: "268435456", shm_size: "67108864" }).HostConfig).toMatchObject({ NanoCpus: 500_000_000, Memory: 268_435_456, ShmSize: 67_108_864 });
    const fromDeploy = specOf({ deploy: { resources: { limits: { cpus: 1.25, memory: "1073741824" } } } } as Partial<Service>).HostConfig;
    expect(fromDeploy).toMatchObject({ NanoCpus: 1_250_000_000, Memory: 1_073_741_824 });
  });

  it("exposes `expose` ports as tcp unless they say otherwise, and publishes one target on two host ports", () => {
    const body = specOf({
      expose: ["9000", "5353/udp"],
      ports: [
        { mode: "ingress", host_ip: "127.0.0.1", target: 80, published: "8080", protocol: "tcp" },
        { mode: "ingress", host_ip: "127.0.0.1", target: 80, published: "8081", protocol: "tcp" },
      ],
    });
    expect(Object.keys(body["ExposedPorts"] as object).sort()).toEqual(["5353/udp", "80/tcp", "9000/tcp"]);
    expect(body.HostConfig["PortBindings"]).toEqual({ "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }, { HostIp: "127.0.0.1", HostPort: "8081" }] });
  });

  it("carries tmpfs, logging, volume nocopy, bind propagation, and leaves out what the service does not set", () => {
    const body = specOf({
      tmpfs: ["/run", "/tmp"],
      logging: { driver: "json-file", options: { "max-size": "10m" } },
      volumes: [
        { type: "volume", source: "cache", target: "/cache", volume: { nocopy: true } },
        { type: "bind", source: "/srv/share", target: "/share", bind: { propagation: "rshared" } },
      ],
    } as Partial<Service>, { volumes: { cache: { name: "shop_cache" } } });
    expect(body.HostConfig).toMatchObject({
      Tmpfs: { "/run": "", "/tmp": "" },
      LogConfig: { Type: "json-file", Config: { "max-size": "10m" } },
      Mounts: [
        { Type: "volume", Source: "shop_cache", Target: "/cache", ReadOnly: false, VolumeOptions: { NoCopy: true } },
        { Type: "bind", Source: "/srv/share", Target: "/share", ReadOnly: false, BindOptions: { Propagation: "rshared" } },
      ],
    });
    const plain = specOf({ image: "app:1" });
    for (const key of ["Cmd", "Entrypoint", "User", "Healthcheck", "StopTimeout", "StopSignal"]) expect(plain).not.toHaveProperty(key);
    for (const key of ["Init", "Privileged", "Memory", "NanoCpus", "Tmpfs", "LogConfig", "ExtraHosts"]) expect(plain.HostConfig).not.toHaveProperty(key);
  });

  it("puts the service's own labels under berth's, which win on a clash", () => {
    expect(specOf({ labels: { team: "web", "com.docker.compose.service": "spoofed" } })["Labels"]).toEqual({ team: "web", "com.docker.compose.service": "api" });
  });
});
