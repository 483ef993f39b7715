// Prints vitest's JSON result as the plain closing line CI reads: "N passed, N failed, N skipped".
import { existsSync, readFileSync } from "node:fs";

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.log("0 passed, 1 failed");
  console.error(`test-summary: no vitest result at ${file}`);
  process.exit(1);
}
const result = JSON.parse(readFileSync(file, "utf8"));
// A file that failed without a failed test (a beforeAll that threw, an import error) counts once.
const filesFailedOutsideTests = (result.testResults ?? []).filter(
  (file) => file.status === "failed" && !(file.assertionResults ?? []).some((test) => test.status === "failed"),
).length;
const failed = result.numFailedTests + Math.max(filesFailedOutsideTests, result.numRuntimeErrorTestSuites ?? 0);
const skipped = result.numPendingTests + result.numTodoTests;
console.log(`${result.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || result.numPassedTests === 0 ? 1 : 0);
