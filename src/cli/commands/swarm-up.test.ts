import { describe, expect, it } from "vitest";
import type { StackDeployResult } from "../../swarm/deploy-stack.js";
import { renderStackSummary } from "./swarm-up.js";

const base: StackDeployResult = {
  ok: true,
  interrupted: false,
  stack: "shop",
  networks: [{ name: "shop_default", created: true }],
  objects: [{ kind: "secret", name: "shop_pw-0123456789ab", created: true }, { kind: "config", name: "shop_site-ba9876543210", created: false }],
  services: [
    { service: "db", action: "created", ready: true, startedAt: "2026-12-07T10:00:00.000Z", endedAt: "2026-12-07T10:00:04.200Z", tasks: [{ node: "node-3", state: "running" }] },
    { service: "api", action: "unchanged", ready: true, startedAt: "2026-12-07T10:00:04.200Z", endedAt: "2026-12-07T10:00:04.300Z", tasks: [{ node: "node-1", state: "running" }, { node: "node-2", state: "running" }] },
  ],
  removed: [],
};

describe("renderStackSummary", () => {
  it("names what it created, each service with its time and nodes, and the verdict", () => {
    expect(renderStackSummary(base)).toBe(
      "created network shop_default, secret shop_pw-0123456789ab\n" +
        "  db: created, ready in 4.2 s (running on node-3)\n" +
        "  api: unchanged, ready in 0.1 s (running on node-1, running on node-2)\n" +
        "shop: 2 service(s) ready on the Swarm\n",
    );
  });

  it("on failure says what was applied and not ready (with the diagnosis, output and hint) and what was not applied", () => {
    const failed: StackDeployResult = {
      ...base,
      ok: false,
      networks: [],
      objects: [],
      services: [
        base.services[0]!,
        {
          service: "api",
          action: "updated",
          ready: false,
          startedAt: "2026-12-07T10:00:04.200Z",
          endedAt: "2026-12-07T10:00:20.000Z",
          tasks: [],
          diagnosis: { code: "crash-loop", message: 'api keeps failing: 3 tasks failed since this deploy, the last on node node-2: "task: non-zero exit (3)"', evidence: { node: "node-2", task: "t1", state: "failed", error: "task: non-zero exit (3)", failedTasks: 3, logTail: "one\ntwo\nthree\nfour\nfive\nsix\n" }, hint: "read its output: docker service logs --tail 50 shop_api" },
        },
        { service: "web", action: "not-applied", ready: false, startedAt: "2026-12-07T10:00:20.000Z", endedAt: "2026-12-07T10:00:20.000Z", tasks: [], blockedBy: ["api"] },
      ],
    };
    expect(renderStackSummary(failed)).toBe(
      "  db: created, ready in 4.2 s (running on node-3)\n" +
        '  api: updated, NOT READY [crash-loop] api keeps failing: 3 tasks failed since this deploy, the last on node node-2: "task: non-zero exit (3)"\n' +
        "    last output:\n    | two\n    | three\n    | four\n    | five\n    | six\n" +
        "    hint: read its output: docker service logs --tail 50 shop_api\n" +
        "  web: not applied (depends on api, which failed)\n" +
        "shop: FAILED: 1 of 3 service(s) ready; applied but not ready: api; not applied: web\n",
    );
  });

  it("says a service left alone by an interrupted run was not applied", () => {
    const interrupted: StackDeployResult = { ...base, ok: false, interrupted: true, networks: [], objects: [], services: [{ service: "db", action: "not-applied", ready: false, startedAt: "2026-12-07T10:00:00.000Z", endedAt: "2026-12-07T10:00:00.000Z", tasks: [] }] };
    expect(renderStackSummary(interrupted)).toBe("  db: not applied (interrupted)\nshop: FAILED: 0 of 1 service(s) ready; applied but not ready: none; not applied: db\n");
  });
});
