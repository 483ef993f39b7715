import { describe, expect, it } from "vitest";
import { absolutePath, isRemoteContext, resolveResourcePaths, resolveServicePaths } from "./resolve-paths.js";

const base = { dir: "/srv/shop", home: "/home/ann" };

describe("absolutePath", () => {
  it.each([
    ["./data", "/srv/shop/data"],
    ["data", "/srv/shop/data"],
    ["../shared/conf", "/srv/shared/conf"],
    [".", "/srv/shop"],
    ["/etc/nginx/", "/etc/nginx"],
    ["/a/./b/../c", "/a/c"],
    ["~", "/home/ann"],
    ["~/", "/home/ann"],
    ["~/certs//site", "/home/ann/certs/site"],
    // Only `~` and `~/` mean home, as in compose; `~bob` is an ordinary relative name.
    ["~bob/x", "/srv/shop/~bob/x"],
  ])("%s → %s", (path, expected) => {
    expect(absolutePath(path, base)).toBe(expected);
  });
});

describe("isRemoteContext", () => {
  it.each(["https://github.com/docker/app.git", "http://example.com/ctx.tar.gz", "git://host/repo", "git@github.com:acme/app.git", "github.com/acme/app", "ssh://git@host/repo"])("%s is fetched, not read from disk", (context) => {
    expect(isRemoteContext(context)).toBe(true);
  });

  it.each([".", "./app", "app", "/abs/app", "~/app", "github.company/app"])("%s is a local folder", (context) => {
    expect(isRemoteContext(context)).toBe(false);
  });
});

describe("resolveServicePaths", () => {
  it("makes a local build context absolute, keeps a remote one, and defaults a missing context to the project folder", () => {
    expect(resolveServicePaths({ build: { context: "./api", dockerfile: "Dockerfile.prod" } }, base)["build"]).toEqual({ context: "/srv/shop/api", dockerfile: "Dockerfile.prod" });
    expect(resolveServicePaths({ build: { context: "https://github.com/acme/app.git#main" } }, base)["build"]).toEqual({ context: "https://github.com/acme/app.git#main" });
    expect(resolveServicePaths({ build: { dockerfile: "Dockerfile" } }, base)["build"]).toEqual({ context: "/srv/shop", dockerfile: "Dockerfile" });
  });

  it("resolves additional contexts that are folders, and keeps images, services and URLs as written", () => {
    const build = resolveServicePaths(
      { build: { context: ".", additional_contexts: { assets: "../assets", base: "docker-image://alpine:3", deps: "service:deps", remote: "https://host/ctx.git" } } },
      base,
    )["build"];
    expect(build).toEqual({
      context: "/srv/shop",
      additional_contexts: { assets: "/srv/assets", base: "docker-image://alpine:3", deps: "service:deps", remote: "https://host/ctx.git" },
    });
  });

  it("resolves bind mount sources only, leaving named volumes and tmpfs alone", () => {
    const volumes = resolveServicePaths(
      {
        volumes: [
          { type: "bind", source: "./conf", target: "/etc/app" },
          { type: "bind", source: "~/.aws", target: "/root/.aws", read_only: true },
          { type: "volume", source: "data", target: "/data" },
          { type: "tmpfs", target: "/tmp" },
        ],
      },
      base,
    )["volumes"];
    expect(volumes).toEqual([
      { type: "bind", source: "/srv/shop/conf", target: "/etc/app" },
      { type: "bind", source: "/home/ann/.aws", target: "/root/.aws", read_only: true },
      { type: "volume", source: "data", target: "/data" },
      { type: "tmpfs", target: "/tmp" },
    ]);
  });

  it("resolves env_file paths and develop.watch paths, keeping their other fields", () => {
    const service = resolveServicePaths(
      {
        env_file: [{ path: "./app.env", required: false }],
        develop: { watch: [{ path: "./src", action: "sync", target: "/app/src" }, { action: "rebuild" }] },
      },
      base,
    );
    expect(service["env_file"]).toEqual([{ path: "/srv/shop/app.env", required: false }]);
    expect(service["develop"]).toEqual({ watch: [{ path: "/srv/shop/src", action: "sync", target: "/app/src" }, { action: "rebuild" }] });
  });

  it("returns a service without paths unchanged, and does not modify its input", () => {
    const service = { image: "nginx", volumes: [{ type: "bind", source: "./x", target: "/x" }] };
    const copy = structuredClone(service);
    expect(resolveServicePaths({ image: "nginx" }, base)).toEqual({ image: "nginx" });
    resolveServicePaths(service, base);
    expect(service).toEqual(copy);
  });
});

describe("resolveResourcePaths", () => {
  it("resolves the file of secrets and configs, keeping environment and external ones", () => {
    const tree = resolveResourcePaths(
      {
        secrets: { db_password: { file: "./secrets/db.txt" }, token: { environment: "TOKEN" }, shared: { external: true } },
        configs: { nginx: { file: "nginx.conf" } },
      },
      base,
    );
    expect(tree["secrets"]).toEqual({ db_password: { file: "/srv/shop/secrets/db.txt" }, token: { environment: "TOKEN" }, shared: { external: true } });
    expect(tree["configs"]).toEqual({ nginx: { file: "/srv/shop/nginx.conf" } });
  });

  it("resolves the device of a local volume that is a bind mount in disguise, and only that", () => {
    const tree = resolveResourcePaths(
      {
        volumes: {
          uploads: { driver: "local", driver_opts: { type: "none", o: "bind", device: "./uploads" } },
          nfs: { driver: "local", driver_opts: { type: "nfs", o: "addr=10.0.0.1,rw", device: ":/exports" } },
          plugin: { driver: "rexray", driver_opts: { o: "bind", device: "./x" } },
          plain: {},
        },
      },
      base,
    );
    expect(tree["volumes"]).toEqual({
      uploads: { driver: "local", driver_opts: { type: "none", o: "bind", device: "/srv/shop/uploads" } },
      nfs: { driver: "local", driver_opts: { type: "nfs", o: "addr=10.0.0.1,rw", device: ":/exports" } },
      plugin: { driver: "rexray", driver_opts: { o: "bind", device: "./x" } },
      plain: {},
    });
  });

  it("leaves a tree without resources as it is", () => {
    expect(resolveResourcePaths({ services: {} }, base)).toEqual({ services: {} });
  });
});
