import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkProject } from "./check-project.js";
import { diskFileTree } from "./files/disk-file-tree.js";
import { allRules } from "./rules/index.js";
import { healthcheckTiming } from "./rules/healthcheck-timing.js";
import { writeFixture, type Fixture } from "./testing/check-fixture.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs checkProject as `berth check` does: the real loader over files on disk. */
function check(fixture: Fixture, { profiles = [] as string[], files = ["compose.yaml"], rules = allRules } = {}) {
  const dir = writeFixture(fixture);
  dirs.push(dir);
  return { dir, result: checkProject({ files, profiles, envFiles: [], environment: {}, cwd: dir }, diskFileTree(), rules) };
}

const slowHealthcheck = (indent: string) => `${indent}healthcheck:\n${indent}  test: [CMD, node, hc.js]\n${indent}  interval: 5s\n${indent}  timeout: 10s\n`;

describe("checkProject", () => {
  it("turns a file that is not YAML into a compose-invalid finding at its line, never an exception", () => {
    const { result, dir } = check({ compose: "services:\n  api:\n    image: [unclosed\n" });
    expect(result.findings).toMatchObject([{ rule: "compose-invalid", severity: "error", file: "compose.yaml" }]);
    expect(result.findings[0]!.line).toBeGreaterThanOrEqual(3);
    expect(result.project.meta.workingDir).toBe(dir);
    expect(Object.keys(result.project.services)).toEqual([]);
  });

  it("reports a schema error as compose-invalid at the offending key, naming it and what was found", () => {
    const { result } = check({ compose: "services:\n  api:\n    image: node:20\n    ports: 80\n" });
    expect(result.findings).toMatchObject([{ rule: "compose-invalid", severity: "error", file: "compose.yaml", line: 4 }]);
    expect(result.findings[0]!.message).toContain("services.api.ports must be a array (found 80)");
  });

  it("checks the services of every profile when no --profile is given, and says which profiles it saw", () => {
    const compose = `services:\n  api:\n    image: node:20\n  debug:\n    image: node:20\n    profiles: [tools, debug]\n${slowHealthcheck("    ")}  admin:\n    image: node:20\n    profiles: [admin]\n`;
    const { result } = check({ compose }, { rules: [healthcheckTiming] });
    expect(result.profiles).toEqual(["admin", "debug", "tools"]);
    expect(result.findings).toMatchObject([{ rule: "healthcheck-timing", line: 10 }]);
  });

  it("checks only the chosen profile's services with --profile, and names it", () => {
    const compose = `services:\n  api:\n    image: node:20\n  debug:\n    image: node:20\n    profiles: [debug]\n${slowHealthcheck("    ")}`;
    const { result } = check({ compose }, { profiles: ["other"], rules: [healthcheckTiming] });
    expect(result.profiles).toEqual(["other"]);
    expect(result.findings).toEqual([]);
  });

  it("moves a finding silenced by a berth-ignore comment to suppressed", () => {
    const compose = `services:\n  api:\n    image: node:20\n    healthcheck:\n      test: [CMD, node, hc.js]\n      interval: 5s\n      # berth-ignore healthcheck-timing the probe is cheap\n      timeout: 10s\n`;
    const { result } = check({ compose }, { rules: [healthcheckTiming] });
    expect(result.findings).toEqual([]);
    expect(result.suppressed).toHaveLength(1);
    expect(result.suppressed[0]!.finding).toMatchObject({ rule: "healthcheck-timing", line: 8 });
  });

  it("finds files given with -f relative to where berth runs, and reports their paths relative to the project", () => {
    const { result } = check({ compose: "services: {}\n", files: { "deploy/prod.yaml": `services:\n  api:\n    image: node:20\n${slowHealthcheck("    ")}` } }, { files: [join("deploy", "prod.yaml")], rules: [healthcheckTiming] });
    expect(result.findings).toMatchObject([{ rule: "healthcheck-timing", file: "prod.yaml", line: 7 }]);
  });

  it("lets rules judge the values the loader interpolated from .env, not the text of the file", () => {
    const compose = "services:\n  api:\n    image: node:20\n    healthcheck:\n      test: [CMD, node, hc.js]\n      interval: ${HC_INTERVAL:-30s}\n      timeout: ${HC_TIMEOUT}\n";
    const slow = check({ compose, files: { ".env": "HC_INTERVAL=5s\nHC_TIMEOUT=10s\n" } }, { rules: [healthcheckTiming] }).result;
    expect(slow.findings).toMatchObject([{ rule: "healthcheck-timing", line: 7, message: "healthcheck timeout (10s) is not shorter than its interval (5s)" }]);
    const fine = check({ compose, files: { ".env": "HC_TIMEOUT=3s\n" } }, { rules: [healthcheckTiming] }).result;
    expect(fine.findings).toEqual([]);
  });
});
