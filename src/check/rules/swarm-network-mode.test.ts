import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { swarmNetworkMode } from "./swarm-network-mode.js";

describe("swarm-network-mode", () => {
  it("explains that host networking is lost", () => {
    const findings = findingsOf(swarmNetworkMode, { compose: "services:\n  exporter:\n    image: a:1\n    network_mode: host\n" });
    expect(findings).toMatchObject([{ line: 4, severity: "warning" }]);
    expect(findings[0]?.message).toContain("its ports are not on the node");
    expect(findings[0]?.hint).toContain("mode: host");
  });
  it("explains that a shared namespace is lost", () => {
    const compose = "services:\n  vpn:\n    image: vpn:1\n  app:\n    image: a:1\n    network_mode: service:vpn\n";
    const findings = findingsOf(swarmNetworkMode, { compose });
    expect(findings).toMatchObject([{ line: 6 }]);
    expect(findings[0]?.message).toContain("does not share vpn's network namespace");
  });
  it("covers none", () => {
    expect(findingsOf(swarmNetworkMode, { compose: "services:\n  batch:\n    image: a:1\n    network_mode: none\n" })[0]?.hint).toContain("predefined network `none`");
  });
  it("stays quiet for services on networks", () => {
    expect(findingsOf(swarmNetworkMode, { compose: "services:\n  app:\n    image: a:1\n    networks: [web]\nnetworks:\n  web: {}\n" })).toEqual([]);
  });
});
