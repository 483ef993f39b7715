import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { swarmDependsOnIgnored } from "./swarm-depends-on-ignored.js";

describe("swarm-depends-on-ignored", () => {
  it("warns on the short list form: the order is lost", () => {
    const compose = "services:\n  api:\n    image: a:1\n    depends_on: [db, cache]\n  db:\n    image: postgres:15\n  cache:\n    image: redis:7\n";
    const findings = findingsOf(swarmDependsOnIgnored, { compose });
    expect(findings).toMatchObject([{ line: 4, severity: "warning" }]);
    expect(findings[0]?.message).toContain("depends on db, cache");
  });
  it("is an error for conditions, naming each, because docker stack deploy rejects them", () => {
    const compose = [
      "services:",
      "  api:",
      "    image: a:1",
      "    depends_on:",
      "      migrate:",
      "        condition: service_completed_successfully",
      "      db:",
      "        condition: service_healthy",
      "      cache:",
      "        condition: service_started",
      "  migrate:",
      "    image: a:1",
      "  db:",
      "    image: postgres:15",
      "  cache:",
      "    image: redis:7",
      "",
    ].join("\n");
    const findings = findingsOf(swarmDependsOnIgnored, { compose });
    expect(findings).toMatchObject([{ line: 4, severity: "error" }]);
    expect(findings[0]?.message).toContain("migrate (service_completed_successfully), db (service_healthy)");
    expect(findings[0]?.message).not.toContain("cache (");
  });
  it("stays quiet without depends_on", () => {
    expect(findingsOf(swarmDependsOnIgnored, { compose: "services:\n  api:\n    image: a:1\n" })).toEqual([]);
  });
});
