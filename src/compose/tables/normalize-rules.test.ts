import { describe, expect, it } from "vitest";
import type { Service } from "../model/project.js";
import { caughtConfigError } from "../testing/caught.js";
import { loadInline } from "../testing/inline-project.js";

const service = (yaml: string, environment: Record<string, string> = {}): Service => {
  const loaded = loadInline(`services:\n  a:\n${yaml}`, { environment: { HOME: "/h", ...environment } }).services["a"];
  if (!loaded) throw new Error("service a did not load");
  return loaded;
};

const withFiles = "secrets:\n  s: {file: ./s.txt}\nconfigs:\n  c: {file: ./c.txt}\n";

describe("secret and config file refs", () => {
  it("mount a secret at /run/secrets/NAME unless a target is given; a config keeps no default target", () => {
    const a = service(`    image: x\n    secrets: [s, {source: s, target: /etc/key}]\n    configs: [c]\n${withFiles}`);
    expect(a.secrets?.map((ref) => ref.target)).toEqual(["/run/secrets/s", "/etc/key"]);
    expect(a.configs).toEqual([{ source: "c" }]);
  });

  it.each([
    ["0440", "0440"], // YAML reads an unquoted leading zero as octal
    ["'0440'", "0440"], // quoted text is octal too (compose-go#738), never decimal 440
    ["'0o400'", "0400"],
    ["'644'", "0644"],
    ["420", "0644"], // a plain number is the mode itself
    ["${MODE}", "0600"],
  ])("read mode %s as %s", (mode, expected) => {
    const a = service(`    image: x\n    secrets:\n      - source: s\n        mode: ${mode}\n    configs:\n      - source: c\n        mode: ${mode}\n${withFiles}`, { MODE: "0600" });
    expect([a.secrets?.[0]?.mode, a.configs?.[0]?.mode]).toEqual([expected, expected]);
  });

  it("refuse a mode that is not octal, at the key", () => {
    const error = caughtConfigError(() => service(`    image: x\n    configs:\n      - c\n      - source: c\n        target: /etc/c\n        mode: '0899'\n${withFiles}`));
    expect(error.message).toContain('invalid file mode "0899": not an octal number');
    expect(error.location?.line).toBe(8);
    expect(error.hint).toContain("0440");
  });

  it("keep uid and gid as text", () => {
    const a = service(`    image: x\n    secrets:\n      - source: s\n        uid: '1000'\n        gid: '1000'\n${withFiles}`);
    expect(a.secrets?.[0]).toMatchObject({ uid: "1000", gid: "1000" });
  });
});

describe("deploy", () => {
  it("reads limits as numbers and bytes, and durations of policies in Go's form", () => {
    const a = service("    image: x\n    deploy:\n      resources:\n        limits: {cpus: '0.5', memory: 512m, pids: 100}\n        reservations: {memory: 1g}\n      restart_policy: {condition: on-failure, delay: 5s, window: 120s}\n      update_config: {delay: 10s, monitor: 1m30s}\n      rollback_config: {monitor: 500ms}\n");
    expect(a.deploy?.resources?.limits).toEqual({ cpus: 0.5, memory: "536870912", pids: 100 });
    expect(a.deploy?.resources?.reservations?.memory).toBe("1073741824");
    expect(a.deploy?.restart_policy).toMatchObject({ condition: "on-failure", delay: "5s", window: "2m0s" });
    expect(a.deploy?.update_config).toMatchObject({ delay: "10s", monitor: "1m30s" });
    expect(a.deploy?.rollback_config).toMatchObject({ monitor: "500ms" });
  });

  it("asks for every device when neither count nor device_ids narrows it, and reads count: all as -1", () => {
    const a = service("    image: x\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [gpu]\n            - {capabilities: [gpu], count: all}\n            - {capabilities: [gpu], count: 2}\n            - {capabilities: [gpu], device_ids: ['0']}\n");
    expect(a.deploy?.resources?.reservations?.devices?.map((d) => d.count)).toEqual([-1, -1, 2, undefined]);
  });

  it("fails at a wrong memory size inside deploy", () => {
    const error = caughtConfigError(() => service("    image: x\n    deploy:\n      resources:\n        limits: {memory: lots}\n"));
    expect(error.message).toContain('invalid size: "lots"');
    expect(error.location?.line).toBe(6);
  });
});

describe("other normalized fields", () => {
  it("default the Dockerfile, but not next to dockerfile_inline", () => {
    expect(service("    build: .\n").build?.dockerfile).toBe("Dockerfile");
    expect(service("    build: {context: ., dockerfile_inline: 'FROM scratch'}\n").build?.dockerfile).toBeUndefined();
  });

  it("take build args without value from the environment and drop unset ones (unlike environment)", () => {
    const a = service("    build:\n      context: .\n      args: [FROM_SHELL, UNSET, LITERAL=1]\n    environment: [UNSET]\n", { FROM_SHELL: "v" });
    expect(a.build?.args).toEqual({ FROM_SHELL: "v", LITERAL: "1" });
    expect(a.environment).toEqual({ UNSET: null });
  });

  it("strip trailing slashes from a mount target, keep `/`, and default create_host_path of a long bind", () => {
    const a = service("    image: x\n    volumes:\n      - {type: tmpfs, target: /cache/, tmpfs: {size: 64m}}\n      - {type: bind, source: ./b, target: /b//, bind: {propagation: rshared}}\n      - {type: bind, source: ./r, target: /}\n");
    expect(a.volumes?.map((v) => v.target)).toEqual(["/cache", "/b", "/"]);
    expect(a.volumes?.[0]?.tmpfs).toEqual({ size: "67108864" });
    expect(a.volumes?.[1]?.bind).toEqual({ propagation: "rshared", create_host_path: true });
  });

  it("read pull_policy if_not_present as missing, sort extra_hosts, and make a port target a number", () => {
    const a = service("    image: x\n    pull_policy: if_not_present\n    extra_hosts: ['web:10.0.0.3', 'api:10.0.0.2']\n    ports: [{target: '80', published: 8080}]\n");
    expect(a.pull_policy).toBe("missing");
    expect(a.extra_hosts).toEqual(["api=10.0.0.2", "web=10.0.0.3"]);
    expect(a.ports?.[0]).toMatchObject({ target: 80, published: "8080" });
  });
});
