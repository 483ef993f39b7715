import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { swarmOptionRejected } from "./swarm-option-rejected.js";

describe("swarm-option-rejected", () => {
  it("names each forbidden key at its line with the deploy.resources fix", () => {
    const compose = "services:\n  api:\n    image: shop-api:1.4\n    mem_limit: 256m\n    cpu_shares: 512\n";
    const findings = findingsOf(swarmOptionRejected, { compose });
    expect(findings).toMatchObject([
      { line: 4, severity: "error", hint: "set `deploy.resources.limits.memory`" },
      { line: 5, severity: "error" },
    ]);
    expect(findings[0]?.message).toContain("docker stack deploy refuses mem_limit");
  });
  it("reports keys the stack format never had, with the Swarm way to write them", () => {
    const compose = "services:\n  api:\n    image: shop-api:1.4\n    cpus: 0.5\n    pull_policy: always\n    profiles: [web]\n";
    const findings = findingsOf(swarmOptionRejected, { compose, profiles: ["web"] });
    expect(findings.map((finding) => [finding.line, finding.hint])).toEqual([
      [4, "set `deploy.resources.limits.cpus`"],
      [5, "remove it: every node pulls the image when a task needs it"],
      [6, "deploy a separate stack file (or `-c base.yaml -c extra.yaml`) for optional services"],
    ]);
    expect(findings[0]?.message).toContain('"Additional property cpus is not allowed"');
  });
  it("gives a generic fix for a compose key it has no advice for", () => {
    const findings = findingsOf(swarmOptionRejected, { compose: "services:\n  api:\n    image: a:1\n    mem_swappiness: 0\n" });
    expect(findings).toMatchObject([{ line: 4, hint: "remove mem_swappiness from the file you deploy to Swarm" }]);
  });
  it("reports a top-level name, which docker stack deploy rejects", () => {
    expect(findingsOf(swarmOptionRejected, { compose: "name: shop\nservices:\n  api:\n    image: a:1\n" })).toMatchObject([{ line: 1, column: 1 }]);
  });
  it("reports a secret taken from the environment", () => {
    const compose = "services:\n  api:\n    image: a:1\n    secrets: [token]\nsecrets:\n  token:\n    environment: TOKEN\n";
    const findings = findingsOf(swarmOptionRejected, { compose, environment: { TOKEN: "t0k3n-value" } });
    expect(findings).toMatchObject([{ line: 7 }]);
    expect(findings[0]?.message).toContain('secrets "token" takes its value from environment');
    expect(findings[0]?.hint).toContain("docker secret create token -");
  });
  it("stays quiet on a file written for Swarm (generated keys, extensions, keys of the stack format)", () => {
    const compose = [
      "x-common: &common",
      "  restart: unless-stopped",
      "services:",
      "  api:",
      "    image: shop-api:1.4",
      "    x-note: kept",
      "    init: true",
      "    deploy:",
      "      replicas: 2",
      "      resources:",
      "        limits: { cpus: '0.5', memory: 256M }",
      "    secrets: [token]",
      "secrets:",
      "  token:",
      "    file: ./token.txt",
      "",
    ].join("\n");
    expect(findingsOf(swarmOptionRejected, { compose, files: { "token.txt": "t\n" } })).toEqual([]);
  });
});
