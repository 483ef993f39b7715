import { describe, expect, it } from "vitest";
import { ConfigError } from "../common/errors.js";
import { loadInline } from "../compose/testing/inline-project.js";
import { refusalError, refusalsOf } from "./convert-refusals.js";

// What berth's Swarm target refuses, through the real loader so positions are the user's.
function refusals(yaml: string, extraFiles: Record<string, string> = {}) {
  return refusalsOf(loadInline(yaml, { projectName: "shop", extraFiles }));
}

describe("refusalsOf", () => {
  it("accepts a stack file as the swarm-flagship writes it", () => {
    expect(refusals("services:\n  api:\n    image: a\n    depends_on: [db]\n    ports: [{ target: 80, published: 8080, mode: host }]\n    deploy: { endpoint_mode: dnsrr, resources: { limits: { memory: 64M } } }\n  db:\n    image: b\n    restart: always\n")).toEqual([]);
  });

  it("refuses keys docker stack deploy refuses, with the Swarm way and the key's line", () => {
    const found = refusals("services:\n  api:\n    image: a\n    mem_limit: 256m\n    cpus: 0.5\n");
    expect(found.map((refusal) => [refusal.key, refusal.location?.line, refusal.hint])).toEqual([
      ["mem_limit", 4, "set `deploy.resources.limits.memory`"],
      ["cpus", 5, "set `deploy.resources.limits.cpus`"],
    ]);
    expect(found[0]?.message).toBe('service "api": mem_limit has no Swarm equivalent; docker stack deploy refuses it too');
  });

  it("refuses keys docker stack deploy silently drops, saying what would differ", () => {
    const found = refusals("services:\n  api:\n    image: a\n    container_name: shop-api\n    privileged: true\n    network_mode: host\n");
    expect(found.map((refusal) => refusal.key)).toEqual(["container_name", "privileged", "network_mode"]);
    expect(found[0]?.message).toMatch(/container_name is not applied on Swarm \(tasks are named STACK_SERVICE\.SLOT\.TASKID/);
    expect(found[2]?.hint).toMatch(/list the networks/);
  });

  it("does not refuse what the loader or berth applies: profiles, defaults the user never wrote", () => {
    expect(refusals("services:\n  api:\n    image: a\n    profiles: [web]\n", {})).toEqual([]);
  });

  it("refuses a port bound to an address and an ingress port on a dnsrr service; a range the loader expands is fine", () => {
    const found = refusals("services:\n  api:\n    image: a\n    ports:\n      - \"127.0.0.1:8080:80\"\n      - \"9000-9001:9000-9001\"\n  web:\n    image: b\n    ports: [\"8081:80\"]\n    deploy: { endpoint_mode: dnsrr }\n");
    expect(found.map((refusal) => [refusal.message, refusal.location?.line])).toEqual([
      ['service "api": port 8080:80 is bound to 127.0.0.1, but Swarm has no host address: it would open on every interface of the node', 5],
      ['service "web": Swarm refuses an ingress-mode port on a service with endpoint_mode dnsrr ("port published with ingress mode can\'t be used with dnsrr mode")', 9],
    ]);
  });

  it("refuses a published range for one container port (Swarm publishes one port per entry)", () => {
    const found = refusals("services:\n  api:\n    image: a\n    ports: [\"9000-9005:80\"]\n");
    expect(found.map((refusal) => refusal.message)).toEqual(['service "api": published port range 9000-9005 is not supported by berth\'s Swarm target']);
  });

  it("refuses a service without an image at its build key", () => {
    const found = refusals("services:\n  api:\n    build: .\n", { Dockerfile: "FROM scratch\n" });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ key: "image", location: { line: 3 } });
    expect(found[0]?.message).toContain('service "api" has no image: Swarm builds nothing');
  });
});

describe("refusalError", () => {
  it("lists every refusal at file:line with its fix, and says nothing was changed", () => {
    const error = refusalError(refusals("services:\n  api:\n    image: a\n    mem_limit: 256m\n    container_name: shop-x\n"));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(/^berth cannot deploy this file to Swarm as written \(2 problem\(s\)\); nothing was changed:\n {2}.*compose\.yaml:4:\d+: service "api": mem_limit/);
    expect(error.message).toMatch(/compose\.yaml:5:\d+: service "api": container_name/);
    expect(error.message).toContain("fix: set `deploy.resources.limits.memory`");
    expect(error.location?.line).toBe(4);
    expect(error.hint).toContain("berth check --target swarm");
  });
});
