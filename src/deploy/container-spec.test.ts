import { describe, expect, it } from "vitest";
import { testProject } from "../plan/test-project.js";
import { containerSpec, engineExtraHost } from "./container-spec.js";

const project = testProject(
  "shop",
  {
    api: {
      image: "node:20",
      command: ["node", "server.js"],
      environment: { PORT: "3000", EMPTY: "", UNSET: null },
      ports: [{ mode: "ingress", host_ip: "127.0.0.1", target: 3000, published: "18100", protocol: "tcp" }],
      volumes: [
        { type: "volume", source: "data", target: "/data" },
        { type: "bind", source: "/srv/app/conf", target: "/conf", read_only: true, bind: { create_host_path: true } },
        { type: "bind", source: "/srv/app/site.conf", target: "/etc/site.conf" },
      ],
      healthcheck: { test: ["CMD", "node", "check.js"], interval: "5s", timeout: "2s", retries: 3, start_period: "1m" },
      restart: "on-failure:3",
      mem_limit: "33554432",
      networks: { front: { aliases: ["api-alias"] }, back: null },
      user: "node",
      stop_grace_period: "20s",
      extra_hosts: ["host.docker.internal=host-gateway", "v6.local=::1"],
    },
  },
  { volumes: { data: { name: "shop_data" } } },
);

describe("containerSpec", () => {
  const body = containerSpec(project, project.services["api"] as never, { name: "shop-api-1", image: "node:20", labels: { "com.docker.compose.service": "api" } });

  it("carries the command, environment, user and labels", () => {
    expect(body).toMatchObject({ name: "shop-api-1", Image: "node:20", Cmd: ["node", "server.js"], User: "node", StopTimeout: 20 });
    expect(body.Env).toEqual(["EMPTY=", "PORT=3000"]);
    expect(body.Labels).toEqual({ "com.docker.compose.service": "api" });
  });

  it("publishes ports on the given host address only", () => {
    expect(body.ExposedPorts).toEqual({ "3000/tcp": {} });
    expect(body.HostConfig["PortBindings"]).toEqual({ "3000/tcp": [{ HostIp: "127.0.0.1", HostPort: "18100" }] });
  });

  it("mounts named volumes by engine name; short binds go through Binds, long ones through Mounts", () => {
    expect(body.HostConfig["Binds"]).toEqual(["/srv/app/conf:/conf:ro"]);
    expect(body.HostConfig["Mounts"]).toEqual([
      { Type: "volume", Source: "shop_data", Target: "/data", ReadOnly: false },
      { Type: "bind", Source: "/srv/app/site.conf", Target: "/etc/site.conf", ReadOnly: false },
    ]);
  });

  it("converts the healthcheck, restart policy and memory limit to Engine API units", () => {
    expect(body.Healthcheck).toEqual({ Test: ["CMD", "node", "check.js"], Interval: 5e9, Timeout: 2e9, StartPeriod: 60e9, Retries: 3 });
    expect(body.HostConfig).toMatchObject({ RestartPolicy: { Name: "on-failure", MaximumRetryCount: 3 }, Memory: 33554432 });
  });

  it("gives extra hosts to the engine as host:ip (host-gateway is the engine's to resolve)", () => {
    expect(body.HostConfig["ExtraHosts"]).toEqual(["host.docker.internal:host-gateway", "v6.local:::1"]);
  });

  it("joins the first network at create with the service name as alias", () => {
    expect(body.HostConfig["NetworkMode"]).toBe("shop_back");
    expect(body.NetworkingConfig).toEqual({ EndpointsConfig: { shop_back: { Aliases: ["api"] } } });
  });
});

describe("containerSpec with secrets and configs", () => {
  const withFiles = {
    ...testProject("shop", { db: { image: "postgres:15", secrets: [{ source: "db_pw", target: "/run/secrets/db_pw" }, { source: "api", target: "/run/secrets/api" }], configs: [{ source: "site", target: "/etc/nginx/nginx.conf" }, { source: "owned", mode: "0400" }] } }),
    secrets: { db_pw: { name: "shop_db_pw", file: "/srv/app/db_password.txt" }, api: { name: "shop_api", environment: "API_KEY" } },
    configs: { site: { name: "shop_site", file: "/srv/app/nginx.conf" }, owned: { name: "shop_owned", file: "/srv/app/owned.conf" } },
  };

  it("bind-mounts file-sourced ones read-only at their targets; the others are copied in, not mounted", () => {
    const spec = containerSpec(withFiles, withFiles.services["db"] as never, { name: "shop-db-1", image: "postgres:15", labels: {} });
    expect(spec.HostConfig["Mounts"]).toEqual([
      { Type: "bind", Source: "/srv/app/db_password.txt", Target: "/run/secrets/db_pw", ReadOnly: true },
      { Type: "bind", Source: "/srv/app/nginx.conf", Target: "/etc/nginx/nginx.conf", ReadOnly: true },
    ]);
    expect(spec.Env).toEqual([]);
  });
});

describe("engineExtraHost", () => {
  it("turns compose's host=ip into the engine's host:ip, IPv6 kept whole, and passes host:ip through", () => {
    expect(engineExtraHost("db.local=10.0.0.5")).toBe("db.local:10.0.0.5");
    expect(engineExtraHost("v6.local=fe80::1")).toBe("v6.local:fe80::1");
    expect(engineExtraHost("old.local:10.0.0.6")).toBe("old.local:10.0.0.6");
  });
});
