import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { swarmOptionIgnored } from "./swarm-option-ignored.js";

describe("swarm-option-ignored", () => {
  it("reports container_name with what happens to the name on Swarm", () => {
    const findings = findingsOf(swarmOptionIgnored, { compose: "services:\n  api:\n    image: a:1\n    container_name: shop-api\n" });
    expect(findings).toMatchObject([{ line: 4, severity: "warning", hint: "reach the service by its service name on a shared network" }]);
    expect(findings[0]?.message).toContain("STACK_SERVICE.SLOT.TASKID");
  });
  it("reports each ignored key of a service at its own line", () => {
    const compose = "services:\n  api:\n    image: a:1\n    privileged: true\n    shm_size: 1g\n    links: [db]\n  db:\n    image: postgres:15\n    pid: host\n";
    const findings = findingsOf(swarmOptionIgnored, { compose });
    expect(findings.map((finding) => [finding.line, finding.message.split(": docker stack deploy ignores ")[1]?.split(":")[0]])).toEqual([
      [4, "privileged"],
      [5, "shm_size"],
      [6, "links"],
      [9, "pid"],
    ]);
    expect(findings[0]?.hint).toContain("cap_add");
  });
  it("stays quiet on keys Swarm honours (cap_add, init, read_only, sysctls)", () => {
    const compose = "services:\n  api:\n    image: a:1\n    cap_add: [NET_ADMIN]\n    init: true\n    read_only: true\n    sysctls:\n      net.core.somaxconn: 1024\n";
    expect(findingsOf(swarmOptionIgnored, { compose })).toEqual([]);
  });
});
