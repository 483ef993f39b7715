import { relative } from "node:path";
import { configDefaults, defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { laneRank, PARALLEL_E2E, PARALLEL_WORKERS } from "./e2e/support/lanes.js";
import { ISOLATED_UNIT, UNIT_TESTS } from "./e2e/support/unit-projects.js";

// "unit" needs nothing but Node and shares one module graph per worker; "unit-isolated" holds the
// few unit files that change process-wide state (module mocks...), each in a fresh process
// (e2e/support/unit-projects.ts); `npx vitest run --project 'unit*'` runs both. "e2e" drives the
// real Docker engine (scripts/harness prepares it) and a real browser, one file at a time:
// `npx vitest run --project e2e e2e/x.e2e.ts`.
//
// `npm test` (scripts/test.sh) sets BERTH_TEST_LANES=1 and runs the same files in two lanes
// instead (e2e/support/lanes.ts says which file goes where and why):
//   1. "unit" and "e2e-parallel" together, up to PARALLEL_WORKERS files at a time, e2e first;
//   2. then "e2e-serial", one file at a time with nothing else running: every e2e file that
//      measures time or load, kills berth at a moment, or is not yet known to be safe beside
//      others (a new file starts here).
const E2E = "e2e/**/*.e2e.ts";
const lanes = process.env["BERTH_TEST_LANES"] === "1";
const e2eTimeouts = { testTimeout: 300_000, hookTimeout: 600_000 };
const unitTest = {
  name: "unit",
  include: [...UNIT_TESTS],
  exclude: [...configDefaults.exclude, ...ISOLATED_UNIT],
  isolate: false,
  testTimeout: 20_000,
};
const isolatedUnitTest = { name: "unit-isolated", include: [...ISOLATED_UNIT], testTimeout: 20_000 };

/** The default order (group, project), then the parallel lane in the order lanes.ts gives. */
class LaneSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => (spec.project.name === "e2e-parallel" ? laneRank(relative(spec.project.config.root, spec.moduleId)) : 0);
    const position = new Map(sorted.map((spec, index) => [spec, index]));
    return sorted.sort((a, b) => (a.project.name === b.project.name ? rank(a) - rank(b) : 0) || (position.get(a) ?? 0) - (position.get(b) ?? 0));
  }
}

const classic = [
  { test: unitTest },
  { test: isolatedUnitTest },
  { test: { name: "e2e", include: [E2E], ...e2eTimeouts, fileParallelism: false } },
];

const laned = [
  { test: { ...unitTest, maxWorkers: PARALLEL_WORKERS, sequence: { groupOrder: 0 } } },
  { test: { ...isolatedUnitTest, maxWorkers: PARALLEL_WORKERS, sequence: { groupOrder: 0 } } },
  { test: { name: "e2e-parallel", include: [...PARALLEL_E2E], ...e2eTimeouts, maxWorkers: PARALLEL_WORKERS, sequence: { groupOrder: 0 } } },
  { test: { name: "e2e-serial", include: [E2E], exclude: [...configDefaults.exclude, ...PARALLEL_E2E], ...e2eTimeouts, maxWorkers: 1, sequence: { groupOrder: 1 } } },
];

export default defineConfig({
  test: {
    sequence: { sequencer: LaneSequencer },
    projects: lanes ? laned : classic,
  },
});
