import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { swarmHostGateway } from "./swarm-host-gateway.js";

describe("swarm-host-gateway", () => {
  it("names the service and the host mapped to host-gateway, at the entry's line", () => {
    const compose = "services:\n  prometheus:\n    image: prom/prometheus:v2.42.0\n    extra_hosts:\n      - \"db.local:10.0.0.5\"\n      - \"host.docker.internal:host-gateway\"\n";
    const findings = findingsOf(swarmHostGateway, { compose });
    expect(findings).toMatchObject([{ line: 6, severity: "warning" }]);
    expect(findings[0]?.message).toBe('service "prometheus" maps host.docker.internal to host-gateway: on Swarm that is the gateway of whichever node runs the task, not the machine you deploy from');
    expect(findings[0]?.hint).toContain("run what host.docker.internal serves as a service of the stack");
  });
  it("reads the = form and the mapping form", () => {
    expect(findingsOf(swarmHostGateway, { compose: "services:\n  app:\n    image: a:1\n    extra_hosts: [\"gw=host-gateway\"]\n" })).toMatchObject([{ line: 4 }]);
    const mapping = findingsOf(swarmHostGateway, { compose: "services:\n  app:\n    image: a:1\n    extra_hosts:\n      gw: host-gateway\n" });
    expect(mapping).toHaveLength(1);
    expect(mapping[0]?.message).toContain("maps gw to host-gateway");
  });
  it("stays quiet for fixed addresses and services without extra_hosts", () => {
    expect(findingsOf(swarmHostGateway, { compose: "services:\n  app:\n    image: a:1\n    extra_hosts: [\"db:10.0.0.5\", \"gw.example:192.168.1.1\"]\n  web:\n    image: b:1\n" })).toEqual([]);
  });
});
