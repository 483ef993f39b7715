import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { swarmPublishedPort } from "./swarm-published-port.js";

const web = (ports: string, deploy = "") => `services:\n  web:\n    image: nginx:1.22\n    ports:\n${ports}${deploy}`;

describe("swarm-published-port", () => {
  it("is an error when a loopback address would be dropped, naming the routing mesh", () => {
    const findings = findingsOf(swarmPublishedPort, { compose: web('      - "127.0.0.1:8080:80"\n') });
    expect(findings).toMatchObject([{ line: 5, severity: "error" }]);
    expect(findings[0]?.message).toContain("127.0.0.1 is dropped and the port opens on every interface of every node through the ingress routing mesh");
  });
  it("only notes the routing mesh for a port published on all addresses", () => {
    const findings = findingsOf(swarmPublishedPort, { compose: web('      - "8080:80"\n') });
    expect(findings).toMatchObject([{ line: 5, severity: "info" }]);
    expect(findings[0]?.hint).toContain("mode: host");
  });
  it("refuses ingress ports with endpoint_mode dnsrr", () => {
    const findings = findingsOf(swarmPublishedPort, { compose: web('      - "8080:80"\n', "    deploy:\n      endpoint_mode: dnsrr\n") });
    expect(findings).toMatchObject([{ line: 5, severity: "error" }]);
    expect(findings[0]?.message).toContain("can't be used with dnsrr mode");
  });
  it("warns when host-mode replicas can meet on one node", () => {
    const ports = "      - target: 80\n        published: 8080\n        mode: host\n";
    const findings = findingsOf(swarmPublishedPort, { compose: web(ports, "    deploy:\n      replicas: 2\n      endpoint_mode: dnsrr\n") });
    expect(findings).toMatchObject([{ line: 5, severity: "warning" }]);
    expect(findings[0]?.hint).toContain("max_replicas_per_node: 1");
  });
  it("accepts host mode with one replica per node, or global mode", () => {
    const ports = "      - target: 80\n        published: 8080\n        mode: host\n";
    expect(findingsOf(swarmPublishedPort, { compose: web(ports, "    deploy:\n      replicas: 2\n      placement:\n        max_replicas_per_node: 1\n") })).toEqual([]);
    expect(findingsOf(swarmPublishedPort, { compose: web(ports, "    deploy:\n      mode: global\n") })).toEqual([]);
    expect(findingsOf(swarmPublishedPort, { compose: web(ports) })).toEqual([]);
  });
  it("says which node interfaces a host-mode port with an address opens on", () => {
    const ports = "      - target: 80\n        published: 8080\n        host_ip: 127.0.0.1\n        mode: host\n";
    expect(findingsOf(swarmPublishedPort, { compose: web(ports) })[0]?.message).toContain("every interface of the node running the task");
  });
});
