import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import { serviceConfigHash, stableJson } from "./config-hash.js";

const web = (extra: Partial<Record<string, unknown>> = {}): Service =>
  ({
    name: "web",
    image: "nginx:1.22",
    command: null,
    entrypoint: null,
    environment: { A: "1", B: "2" },
    ports: [{ target: 80, published: "18000", host_ip: "127.0.0.1", protocol: "tcp", mode: "ingress" }],
    ...extra,
  }) as Service;

describe("serviceConfigHash", () => {
  it("is a sha256 in hex and the same for the same config", () => {
    expect(serviceConfigHash(web())).toMatch(/^[0-9a-f]{64}$/);
    expect(serviceConfigHash(web())).toBe(serviceConfigHash(web()));
  });

  it("does not depend on the order keys were written in", () => {
    const reordered = { ...web(), environment: { B: "2", A: "1" } } as Service;
    expect(serviceConfigHash(reordered)).toBe(serviceConfigHash(web()));
  });

  it.each([
    ["an environment value", { environment: { A: "1", B: "3" } }],
    ["the image", { image: "nginx:1.23" }],
    [
      "a published port",
      { ports: [{ target: 80, published: "18001", host_ip: "127.0.0.1", protocol: "tcp", mode: "ingress" }] },
    ],
    ["the command", { command: ["nginx", "-g", "daemon off;"] }],
    ["a resource limit", { deploy: { resources: { limits: { memory: "64M" } } } }],
  ])("changes when %s changes", (_what, change) => {
    expect(serviceConfigHash(web(change))).not.toBe(serviceConfigHash(web()));
  });

  it.each([
    ["build", { build: { context: "/src", dockerfile: "Dockerfile.prod" } }],
    ["depends_on", { depends_on: { db: { condition: "service_healthy", required: true } } }],
    ["profiles", { profiles: ["debug"] }],
    ["pull_policy", { pull_policy: "always" }],
    ["scale", { scale: 3 }],
    ["deploy.replicas", { deploy: { replicas: 3 } }],
  ])("ignores %s, as compose does", (_what, change) => {
    const base = "deploy" in change ? web({ deploy: {} }) : web();
    expect(serviceConfigHash(web(change))).toBe(serviceConfigHash(base));
  });
});

describe("stableJson", () => {
  it("sorts keys at every depth, keeps array order and drops undefined", () => {
    expect(stableJson({ b: 1, a: { d: [3, 1], c: undefined, b: null } })).toBe(
      '{"a":{"b":null,"d":[3,1]},"b":1}',
    );
  });
});
