import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { swarmBindMountNodeLocal } from "./swarm-bind-mount-node-local.js";

describe("swarm-bind-mount-node-local", () => {
  it("tells a project file to become a Swarm config", () => {
    const compose = "services:\n  proxy:\n    image: nginx:1.22\n    volumes:\n      - ./nginx.conf:/etc/nginx/conf.d/default.conf:ro\n";
    const findings = findingsOf(swarmBindMountNodeLocal, { compose, files: { "nginx.conf": "server {}\n" } });
    expect(findings).toMatchObject([{ line: 5, severity: "warning" }]);
    expect(findings[0]?.message).toContain("on every node a task may land on");
    expect(findings[0]?.hint).toContain("ship nginx.conf as a Swarm config");
  });
  it("names the pinned node for a host path of a pinned service", () => {
    const compose = [
      "services:",
      "  agent:",
      "    image: agent:1",
      "    volumes:",
      "      - type: bind",
      "        source: /var/log",
      "        target: /host/log",
      "    deploy:",
      "      placement:",
      "        constraints: [node.hostname == worker-2]",
      "",
    ].join("\n");
    const findings = findingsOf(swarmBindMountNodeLocal, { compose });
    expect(findings).toMatchObject([{ line: 5 }]);
    expect(findings[0]?.message).toContain('on the node matching "node.hostname == worker-2"');
    expect(findings[0]?.hint).toContain("make sure /var/log exists");
  });
  it("says every node when a pinned constraint still allows several tasks", () => {
    const compose = "services:\n  agent:\n    image: agent:1\n    volumes: [\"/var/log:/host/log\"]\n    deploy:\n      mode: global\n      placement:\n        constraints: [node.labels.logs == yes]\n";
    expect(findingsOf(swarmBindMountNodeLocal, { compose })[0]?.message).toContain("on every node a task may land on");
  });
  it("stays quiet on named volumes and tmpfs", () => {
    const compose = "services:\n  db:\n    image: postgres:15\n    volumes: [\"pgdata:/var/lib/postgresql/data\"]\n    tmpfs: [/tmp]\nvolumes:\n  pgdata: {}\n";
    expect(findingsOf(swarmBindMountNodeLocal, { compose })).toEqual([]);
  });
});
