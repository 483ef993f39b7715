import { describe, expect, it } from "vitest";
import type { Project, Service } from "../model/project.js";
import { caughtConfigError } from "../testing/caught.js";
import { loadInline } from "../testing/inline-project.js";

const load = (yaml: string): Project => loadInline(yaml, { extraFiles: { "a.env": "K=v\n" } });
const service = (yaml: string): Service => {
  const loaded = load(`services:\n  a:\n${yaml}`).services["a"];
  if (!loaded) throw new Error("service a did not load");
  return loaded;
};

describe("short forms become the long form compose prints", () => {
  it("command and entrypoint: a string is split like a shell, a list is kept", () => {
    const a = service(`    image: x\n    command: sh -c 'echo "hi there"'\n    entrypoint: ['/bin/sh', '-e']\n`);
    expect(a.command).toEqual(["sh", "-c", 'echo "hi there"']);
    expect(a.entrypoint).toEqual(["/bin/sh", "-e"]);
  });

  it("healthcheck: a string test runs in a shell", () => {
    expect(service("    image: x\n    healthcheck:\n      test: curl -f http://localhost\n").healthcheck?.test).toEqual(["CMD-SHELL", "curl -f http://localhost"]);
  });

  it("depends_on: a list means started and required", () => {
    const project = load("services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: y\n    depends_on:\n      c: {condition: service_healthy}\n  c:\n    image: z\n    healthcheck: {test: [CMD, 'true']}\n");
    expect(project.services["a"]?.depends_on).toEqual({ b: { condition: "service_started", required: true } });
    expect(project.services["b"]?.depends_on).toEqual({ c: { condition: "service_healthy", required: true } });
  });

  it("lists of one: dns, tmpfs, expose (as text), env_file (required)", () => {
    const a = service("    image: x\n    dns: 8.8.8.8\n    tmpfs: /run\n    expose: [3000, '4000-4001']\n    env_file: a.env\n");
    expect([a.dns, a.tmpfs, a.expose]).toEqual([["8.8.8.8"], ["/run"], ["3000", "4000-4001"]]);
    expect(a.env_file).toEqual([{ path: expect.stringMatching(/\/a\.env$/) as unknown, required: true }]);
    expect(a.environment).toEqual({ K: "v" });
  });

  it("networks: a list becomes a map of networks without options", () => {
    const project = load("services:\n  a:\n    image: x\n    networks: [front, back]\nnetworks:\n  front:\n  back: {}\n");
    expect(project.services["a"]?.networks).toEqual({ front: null, back: null });
    expect(Object.keys(project.networks).sort()).toEqual(["back", "front"]);
  });

  it("extra_hosts: host=ip whichever separator, brackets of IPv6 dropped, a map of lists expanded", () => {
    expect(service("    image: x\n    extra_hosts: ['db:10.0.0.2', 'v6=[::1]', 'h:::2', 'bare']\n").extra_hosts).toEqual(["bare", "db=10.0.0.2", "h=::2", "v6=::1"]);
    expect(service("    image: x\n    extra_hosts:\n      db: 10.0.0.2\n      multi: ['10.0.0.3', '[::3]']\n").extra_hosts).toEqual(["db=10.0.0.2", "multi=10.0.0.3", "multi=::3"]);
  });

  it("devices: source, target (the source by default) and rwm permissions", () => {
    expect(service("    image: x\n    devices: ['/dev/fuse', '/dev/sda:/dev/xvda:r']\n").devices).toEqual([
      { source: "/dev/fuse", target: "/dev/fuse", permissions: "rwm" },
      { source: "/dev/sda", target: "/dev/xvda", permissions: "r" },
    ]);
  });

  it("ulimits: a number is a single limit", () => {
    expect(service("    image: x\n    ulimits:\n      nofile: 1024\n      nproc: {soft: 10, hard: 20}\n").ulimits).toEqual({ nofile: { single: 1024 }, nproc: { soft: 10, hard: 20 } });
  });

  it("labels, sysctls and deploy labels: lists of KEY=VALUE become maps, a bare key an empty value", () => {
    const a = service("    image: x\n    labels: [tier=web, flag]\n    sysctls: ['net.core.somaxconn=1024']\n    deploy:\n      labels: [team=shop]\n");
    expect(a.labels).toEqual({ tier: "web", flag: "" });
    expect(a["sysctls"]).toEqual({ "net.core.somaxconn": "1024" });
    expect(a.deploy?.labels).toEqual({ team: "shop" });
  });

  it("build: a string is the context; args and labels lists become maps (an arg without value and variable is dropped)", () => {
    const a = service("    build:\n      context: ./app\n      args: [A=1, B]\n      cache_from: [app:cache]\n      labels: [x=y]\n");
    expect(a.build).toMatchObject({ cache_from: ["app:cache"], labels: { x: "y" }, args: { A: "1" } });
    expect(service("    build: ./app\n").build?.context).toMatch(/\/app$/);
  });
});

describe("top-level resources", () => {
  it("an empty entry is an empty definition, and external: {name} is external with that name", () => {
    const project = load("services:\n  a:\n    image: x\n    networks: [front]\n    volumes: [data:/d]\nnetworks:\n  front:\n    external: {name: shared-front}\nvolumes:\n  data:\n");
    expect(project.networks["front"]).toEqual({ external: true, name: "shared-front" });
    expect(project.volumes["data"]).toMatchObject({ name: "proj_data" });
  });

  it("labels and driver_opts given as lists become maps", () => {
    const project = load("services:\n  a:\n    image: x\n    volumes: [data:/d]\nvolumes:\n  data:\n    labels: [backup=daily]\n    driver_opts: {size: 10}\n");
    expect(project.volumes["data"]).toMatchObject({ labels: { backup: "daily" }, driver_opts: { size: "10" } });
  });
});

describe("short forms that cannot be read fail at the entry", () => {
  it.each([
    ["    image: x\n    command: 'echo \"oops'\n", "services.a.command: unterminated double quote in echo \"oops", 4, "close the quote"],
    ["    image: x\n    volumes:\n      - type: bind\n        target: /x\n", 'invalid mount config for type "bind": field Source must not be empty', 5, "give the bind mount a source path"],
    ["    image: x\n    volumes: ['./a:/a', 'a:b:c:d']\n", "invalid spec: a:b:c:d: too many colons", 4, "use SOURCE:TARGET[:ro] or the long syntax"],
    ["    image: x\n    ports:\n      - '80'\n      - '8080:eighty'\n", 'invalid port "8080:eighty": invalid containerPort: eighty', 6, "use [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], e.g. 8080:80"],
  ])("%j", (yaml, message, line, hint) => {
    const error = caughtConfigError(() => service(yaml));
    expect(error.message).toContain(message);
    expect(error.location?.line).toBe(line);
    expect(error.hint).toBe(hint);
  });
});
