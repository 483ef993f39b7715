import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCase, type CaseResult } from "./conformance/run-case.js";
import { sharedDir } from "./support/shared-dir.js";

const corpus = process.env["BERTH_CONFORMANCE_DIR"] ?? sharedDir("conformance", "compose") ?? "";
const present = existsSync(corpus);

// The corpus is reference material that may be absent on a user's clone: skip, never fail.
describe.skipIf(!present)("compose conformance corpus", () => {
  it("passes at least 95% of the cases", async () => {
    const names = readdirSync(corpus).filter((name) => /^\d{3}-/.test(name) && statSync(join(corpus, name)).isDirectory());
    const results: CaseResult[] = [];
    for (const name of names.sort()) results.push(await runCase(join(corpus, name), name));
    const failed = results.filter((result) => !result.passed);
    const lines = failed.map((result) => `  FAIL ${result.name}: ${result.reason ?? ""}`);
    console.log(`${["compose conformance:", ...lines].join("\n")}\n${results.length - failed.length} passed, ${failed.length} failed`);
    expect(results.length).toBeGreaterThan(0);
    expect((results.length - failed.length) / results.length).toBeGreaterThanOrEqual(0.95);
  }, 120_000);
});
