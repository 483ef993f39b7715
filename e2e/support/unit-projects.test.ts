import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedStateIn } from "./shared-state.js";
import { ISOLATED_UNIT, UNIT_TESTS } from "./unit-projects.js";

// The unit tests share one module graph per worker unless a file is listed in ISOLATED_UNIT
// (vitest.config.ts). A file that mocks a module or changes process-wide state and is not listed
// would leak that state into whichever file runs next in its worker: a failure that depends on
// the order, far from its cause. These checks keep the list complete and minimal.

const ROOT = join(import.meta.dirname, "..", "..");

/** The folders the UNIT_TESTS globs start from ("src/**\/*.test.ts" -> "src"). */
const roots = () => UNIT_TESTS.map((glob) => glob.slice(0, glob.indexOf("/**")));

function testFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".test.ts"))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .filter((file) => !file.split("/").includes("node_modules"));
}

const unitFiles = () =>
  roots()
    .flatMap((root) => testFilesUnder(join(ROOT, root)))
    .sort();
/** Parsed only when the text has a name the syntax-tree check looks for (most files have none). */
const CANDIDATE =
  /\bvi\.|\bprocess\.(on|once|off|add|prepend|remove|chdir|umask|set|exitCode|env\b[^\n]*[^=!<>]=[^=>])|\bdelete process\.|\bglobalThis\b|defineProperty/;

function sharesState(file: string): boolean {
  const text = readFileSync(join(ROOT, file), "utf8");
  return CANDIDATE.test(text) && sharedStateIn(text, file).length > 0;
}

describe("the isolated unit project", () => {
  it("holds every unit test file that changes process-wide state", () => {
    const missing = unitFiles().filter((file) => sharesState(file) && !ISOLATED_UNIT.includes(file));
    // A file listed here runs beside others in one module graph: add it to ISOLATED_UNIT
    // (e2e/support/unit-projects.ts), or inject what it mocks instead of mocking the module.
    expect(missing).toEqual([]);
  });

  it("holds only existing unit test files that need it, each once", () => {
    const files = new Set(unitFiles());
    for (const file of ISOLATED_UNIT) {
      expect(files.has(file), `${file} is no unit test file`).toBe(true);
      expect(sharesState(file), `${file} changes no process-wide state: it can share a module graph`).toBe(
        true,
      );
    }
    expect(new Set(ISOLATED_UNIT).size).toBe(ISOLATED_UNIT.length);
  });

  it("finds the unit test files of every root", () => {
    const files = unitFiles();
    expect(files).toContain("e2e/support/unit-projects.test.ts");
    expect(files.some((file) => file.startsWith("src/"))).toBe(true);
    expect(files.some((file) => file.startsWith("test/"))).toBe(true);
    expect(files.every((file) => file.endsWith(".test.ts"))).toBe(true);
  });
});

describe("what counts as process-wide state", () => {
  it("sees module mocks, stubs, fake timers, process listeners and assignments", () => {
    for (const line of [
      'vi.mock("../connect-engine.js", () => ({}));',
      "vi.doMock('x')",
      "vi.stubGlobal('fetch', f)",
      "vi.stubEnv('TZ', 'UTC')",
      "vi.spyOn(console, 'log')",
      "vi.useFakeTimers()",
      "vi.resetModules()",
      'process.on("SIGINT", () => controller.abort());',
      "process.once('exit', f)",
      "process.removeAllListeners('SIGTERM')",
      "process.chdir(dir)",
      "process.exitCode = 1;",
      'process.env["BERTH_STATE_DIR"] = dir;',
      "process.env.NO_COLOR = '1'",
      "delete process.env.HOME",
      "globalThis.fetch = fake;",
      "Object.defineProperty(process, 'platform', { value: 'win32' })",
      "process.env.X ??= '1'",
      "process.addListener('exit', f)",
    ]) {
      expect(sharedStateIn(line), line).toHaveLength(1);
      // The cheap text test before the parse lets every such line through.
      expect(CANDIDATE.test(line), line).toBe(true);
    }
  });

  it("leaves reads, comparisons and local objects alone", () => {
    for (const line of [
      'const seed = Number(process.env["BERTH_FUZZ_SEED"] ?? 1);',
      "if (process.env.CI === 'true') skip();",
      "const env = { ...process.env, NO_COLOR: '1' };",
      "expect(process.exitCode).toBe(undefined);",
      "if (process.exitCode == 1) x();",
      "const io = { signal: controller.signal, env: { PATH: process.env['PATH'] } };",
      "child.on('exit', resolve); socket.once('connect', f);",
      "const mocked = fakeEngine(); // no vi here",
      "globalThis.fetch === undefined",
      "// vi.mock(\"x\") in a comment; process.on('SIGINT') too",
      "const sample = 'vi.mock(\"../connect-engine.js\")';",
      "const sample = `process.env.X = ${value}`;",
      "other.vi.mock('x'); myProcess.on('exit', f); env.process.env.X = 1;",
    ])
      expect(sharedStateIn(line), line).toEqual([]);
  });

  it("says on which line and what, once per place", () => {
    const source = [
      'import { vi } from "vitest";',
      "",
      'vi.mock("../connect-engine.js", () => ({}));',
      "it('x', () => {",
      '  process.env["A"] = "1";',
      "  delete process.env.B;",
      "  globalThis.x ??= 1;",
      "});",
    ].join("\n");
    expect(sharedStateIn(source)).toEqual([
      "3: vi.mock",
      '5: process.env["A"] =',
      "6: delete process.env.B =",
      "7: globalThis.x =",
    ]);
  });
});
