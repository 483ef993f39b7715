import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/errors.js";
import { PathSourceMap } from "../source-map.js";
import { canonicalizeTree } from "./canonical.js";
import { parseComposeFile } from "./parse.js";

function canonical(yaml: string) {
  const parsed = parseComposeFile({ file: "/p/compose.yaml", text: yaml });
  return canonicalizeTree(parsed.tree, parsed.file, parsed.sourceMap);
}

const service = (yaml: string) => (canonical(`services:\n  s:\n${yaml}`)["services"] as Record<string, Record<string, unknown>>)["s"];

describe("canonical form", () => {
  it("turns list forms into maps: environment, labels, sysctls, networks", () => {
    expect(service("    environment: [A=1, B, C=]\n    labels: [x=1, y]\n    sysctls: [a.b=1]\n    networks: [front]\n")).toEqual({
      environment: { A: "1", B: null, C: "" },
      labels: { x: "1", y: "" },
      sysctls: { "a.b": "1" },
      networks: { front: null },
    });
  });

  it("fills depends_on defaults for both syntaxes", () => {
    expect(service("    depends_on: [db]\n")?.["depends_on"]).toEqual({ db: { condition: "service_started", required: true } });
    expect(service("    depends_on:\n      db: {condition: service_healthy}\n")?.["depends_on"]).toEqual({ db: { condition: "service_healthy", required: true } });
  });

  it("normalizes string-or-list and short mount forms", () => {
    expect(service("    dns: 8.8.8.8\n    tmpfs: /run\n    env_file: a.env\n    secrets: [s]\n    devices: ['/dev/a:/dev/b']\n")).toEqual({
      dns: ["8.8.8.8"],
      tmpfs: ["/run"],
      env_file: [{ path: "a.env", required: true }],
      secrets: [{ source: "s" }],
      devices: [{ source: "/dev/a", target: "/dev/b", permissions: "rwm" }],
    });
  });

  it("prints extra_hosts as host=ip whichever form was used", () => {
    expect(service("    extra_hosts: ['a:1.2.3.4', 'b=::1', 'c:[fe80::1]']\n")?.["extra_hosts"]).toEqual(["a=1.2.3.4", "b=::1", "c=fe80::1"]);
    expect(service("    extra_hosts: {d: 5.6.7.8}\n")?.["extra_hosts"]).toEqual(["d=5.6.7.8"]);
  });

  it("splits string commands and wraps string healthcheck tests", () => {
    expect(service("    command: echo 'a b'\n    entrypoint: ''\n    healthcheck: {test: curl x}\n")).toEqual({
      command: ["echo", "a b"],
      entrypoint: [],
      healthcheck: { test: ["CMD-SHELL", "curl x"] },
    });
  });

  it("reads legacy external: {name} on top-level resources and null entries", () => {
    expect(canonical("volumes:\n  a:\n  b: {external: {name: real}}\n")["volumes"]).toEqual({ a: {}, b: { external: true, name: "real" } });
  });

  it("fails on a bad port at the item's position", () => {
    try {
      service("    ports:\n      - '80:80'\n      - '80:x'\n");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toBe('services.s.ports.1: invalid port "80:x": invalid containerPort: x');
      expect((error as ConfigError).location?.line).toBe(5);
    }
  });

  it("leaves files without sections alone", () => {
    expect(canonicalizeTree({ name: "x" }, "f", new PathSourceMap())).toEqual({ name: "x" });
  });
});
