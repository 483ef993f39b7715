import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// scripts/test-summary.mjs prints the line CI reads and decides npm test's exit code.
function summarize(result: unknown): { line: string; status: number } {
  const file = join(mkdtempSync(join(tmpdir(), "berth-summary-")), "vitest.json");
  writeFileSync(file, JSON.stringify(result));
  try {
    return { line: execFileSync(process.execPath, ["scripts/test-summary.mjs", file], { encoding: "utf8" }).trim(), status: 0 };
  } catch (error) {
    const failure = error as { stdout: string; status: number };
    return { line: failure.stdout.trim(), status: failure.status };
  }
}

const file = (status: string, tests: string[]) => ({ status, assertionResults: tests.map((test) => ({ status: test })) });

describe("test-summary", () => {
  it("passes a run with passed and skipped tests only", () => {
    expect(summarize({ numPassedTests: 3, numFailedTests: 0, numPendingTests: 1, numTodoTests: 1, testResults: [file("passed", ["passed", "passed", "passed", "skipped"])] })).toEqual({ line: "3 passed, 0 failed, 2 skipped", status: 0 });
  });

  it("counts failed tests and fails the run", () => {
    expect(summarize({ numPassedTests: 2, numFailedTests: 1, numPendingTests: 0, numTodoTests: 0, testResults: [file("failed", ["passed", "failed", "passed"])] })).toEqual({ line: "2 passed, 1 failed, 0 skipped", status: 1 });
  });

  it("counts a file that failed outside its tests (a beforeAll that threw) once", () => {
    const result = { numPassedTests: 4, numFailedTests: 0, numPendingTests: 2, numTodoTests: 0, testResults: [file("failed", ["skipped", "skipped"]), file("passed", ["passed", "passed", "passed", "passed"])] };
    expect(summarize(result)).toEqual({ line: "4 passed, 1 failed, 2 skipped", status: 1 });
  });

  it("fails a run that passed nothing, and a missing result file", () => {
    expect(summarize({ numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, testResults: [] }).status).toBe(1);
    let status = 0;
    let line = "";
    try {
      execFileSync(process.execPath, ["scripts/test-summary.mjs", join(tmpdir(), "no-such-vitest.json")], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    } catch (error) {
      status = (error as { status: number }).status;
      line = (error as { stdout: string }).stdout.trim();
    }
    expect({ line, status }).toEqual({ line: "0 passed, 1 failed", status: 1 });
  });
});
