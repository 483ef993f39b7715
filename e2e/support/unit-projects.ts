// How the unit tests run (vitest.config.ts): most files share one module graph per worker
// (`isolate: false`), which saves the fresh process and the re-import of src/ that each file
// otherwise costs (about 0.5 s a file, 400+ files). A file that changes state the whole process
// shares (module mocks, stubbed globals or environment, fake timers, process listeners) runs in
// the isolated project instead, where each file starts from nothing. unit-projects.test.ts reads
// every unit test file (shared-state.ts) and fails on one that is missing from ISOLATED_UNIT.

/** Where unit test files live (the unit projects' include). */
export const UNIT_TESTS: readonly string[] = [
  "src/**/*.test.ts",
  "test/**/*.test.ts",
  "e2e/support/**/*.test.ts",
];

/** The unit test files that change process-wide state (shared-state.ts), each run in a fresh process. */
export const ISOLATED_UNIT: readonly string[] = [
  "src/cli/commands/backup-restore-run.test.ts", // vi.mock("../connect-engine.js")
  "src/cli/commands/engine-verbs.test.ts", // vi.mock("../connect-engine.js")
  "src/cli/commands/logs-follow.test.ts", // vi.mock("../connect-engine.js")
  "src/cli/commands/rollback-migrate.test.ts", // vi.mock("../connect-engine.js")
  "src/cli/commands/run-detached.test.ts", // vi.mock("../connect-engine.js")
  "src/cli/commands/verify-pull.test.ts", // vi.mock("../connect-engine.js")
];
