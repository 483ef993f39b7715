import { describe, expect, it } from "vitest";
import { checkFixture, findingsOf } from "../testing/check-fixture.js";
import { allRules } from "./index.js";
import { rulesForTarget } from "./swarm-rules.js";
import { urlDependencyUndeclaredSwarm } from "./url-dependency-undeclared-swarm.js";

const app = (dependsOn: string) =>
  `services:\n  backend:\n    image: node:20\n${dependsOn}    environment:\n      DATABASE_URL: postgres://app@db:5432/app\n      REDIS_HOST: cache\n  db:\n    image: postgres:15\n  cache:\n    image: redis:7\n`;

describe("url-dependency-undeclared under --target swarm", () => {
  it("is an info that asks the client to retry, never for depends_on", () => {
    const findings = findingsOf(urlDependencyUndeclaredSwarm, { compose: app("") });
    expect(findings).toMatchObject([{ line: 5, severity: "info" }, { line: 6, severity: "info" }]);
    expect(findings[0]?.message).toBe('"backend" connects to "db" (DATABASE_URL); Swarm starts both at once, so until "db" answers "backend" must retry, or it fails and is restarted by its restart policy until it gets through');
    for (const finding of findings) expect(`${finding.message} ${finding.hint}`).not.toMatch(/add depends_on|condition: service_healthy/);
  });
  it("leaves a dependency written in depends_on to swarm-depends-on-ignored", () => {
    expect(findingsOf(urlDependencyUndeclaredSwarm, { compose: app("    depends_on: [db]\n") })).toMatchObject([{ line: 7 }]);
    expect(findingsOf(urlDependencyUndeclaredSwarm, { compose: app("    depends_on: [db, cache]\n") })).toEqual([]);
  });
  it("speaks once per pair of services", () => {
    const twice = "services:\n  api:\n    image: node:20\n    environment:\n      DB_HOST: db\n      DATABASE_URL: postgres://db/app\n  db:\n    image: postgres:15\n";
    expect(findingsOf(urlDependencyUndeclaredSwarm, { compose: twice })).toHaveLength(1);
  });
  it("runs in place of the single-engine rule with --target swarm, and says depends_on only without it", () => {
    const ofRule = (target: "engine" | "swarm") => checkFixture({ compose: app("") }, rulesForTarget(allRules, target)).filter((finding) => finding.rule === "url-dependency-undeclared");
    expect(ofRule("engine").map((finding) => [finding.severity, finding.hint])).toEqual([
      ["warning", "add depends_on: { db: { condition: service_healthy } }"],
      ["warning", "add depends_on: { cache: { condition: service_healthy } }"],
    ]);
    expect(ofRule("swarm").map((finding) => finding.severity)).toEqual(["info", "info"]);
  });
});
