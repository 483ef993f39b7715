import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import type { LoadWarning } from "../../compose/model/project.js";
import { checkProject } from "../check-project.js";
import type { CheckContext, LoadFailure } from "../context.js";
import type { FileTree } from "../files/file-tree.js";
import { memoryFileTree } from "../files/memory-file-tree.js";
import type { Finding } from "../finding.js";
import type { Rule } from "../rule.js";
import { runChecks } from "../run-checks.js";

export interface Fixture {
  readonly compose: string;
  /** Other project files by path relative to the project directory. */
  readonly files?: Readonly<Record<string, string>>;
  readonly modes?: Readonly<Record<string, number>>;
  /** Loader warnings to add to the ones the real loader reports (files relative to the project). */
  readonly warnings?: readonly LoadWarning[];
  /** A load failure to report instead of loading the files. */
  readonly loadError?: LoadFailure;
  /** Compose file names (-f), relative to the project directory; default: compose.yaml only. */
  readonly composeFiles?: readonly string[];
  readonly profiles?: readonly string[];
  /** The shell environment the loader sees (default: none). */
  readonly environment?: Readonly<Record<string, string>>;
}

/** The fixture's files (compose.yaml, .env and the others) written to a fresh project folder. */
export function writeFixture(fixture: Fixture): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "berth-check-")));
  const entries: Record<string, string> = { "compose.yaml": fixture.compose, ...fixture.files };
  for (const [path, text] of Object.entries(entries)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  for (const [path, mode] of Object.entries(fixture.modes ?? {})) chmodSync(join(dir, path), mode);
  return dir;
}

/** A file tree holding the fixture's files under `dir` (in memory: modes as the fixture states). */
export function fixtureTree(fixture: Fixture, dir: string): FileTree {
  const absolute = (entries: Readonly<Record<string, unknown>>) =>
    Object.fromEntries(Object.entries(entries).map(([path, value]) => [posix.join(dir, path), value]));
  return memoryFileTree(absolute({ "compose.yaml": fixture.compose, ...fixture.files }) as Record<string, string>, absolute(fixture.modes ?? {}) as Record<string, number>);
}

/** Loads the fixture with the real loader (`loadProject`, lenient as `berth check`) and runs the rules. */
export function checkFixture(fixture: Fixture, rules: readonly Rule[]): Finding[] {
  const dir = writeFixture(fixture);
  try {
    return checkWritten(fixture, dir, rules);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function checkWritten(fixture: Fixture, dir: string, rules: readonly Rule[]): Finding[] {
  const files = fixtureTree(fixture, dir);
  const options = { files: fixture.composeFiles ?? ["compose.yaml"], profiles: fixture.profiles ?? [], envFiles: [], environment: fixture.environment ?? {}, cwd: dir };
  if (fixture.loadError === undefined && fixture.warnings === undefined) return [...checkProject(options, files, rules).findings];
  const { project } = checkProject(options, files, []);
  const inDir = <T extends { readonly file: string }>(at: T): T => ({ ...at, file: posix.resolve(dir, at.file) });
  const warnings = (fixture.warnings ?? []).map((warning) => (warning.location ? { ...warning, location: inDir(warning.location) } : warning));
  const withWarnings = { ...project, meta: { ...project.meta, warnings: [...project.meta.warnings, ...warnings] } };
  const failure = fixture.loadError;
  const loadError = failure === undefined ? {} : { loadError: { ...failure, at: failure.at ? inDir(failure.at) : undefined } };
  return runChecks({ project: withWarnings, files, rules, ...loadError });
}

/** Findings of one rule, as `file:line message` strings for compact assertions. */
export function findingsOf(rule: Rule, fixture: Fixture): Finding[] {
  return checkFixture(fixture, [rule]).filter((finding) => finding.rule === rule.id);
}

/**
 * The context rules see for a fixture (loaded by the real loader), for tests of the helpers rules
 * share. Its files are in memory, so it outlives the fixture's folder.
 */
export function fixtureContext(fixture: Fixture): CheckContext {
  let seen: CheckContext | undefined;
  const capture: Rule = { id: "capture-context", group: "compose", severity: "info", title: "", doc: { why: "", example: "", fix: "" }, check: (context) => void (seen = context) };
  checkFixture(fixture, [capture]);
  if (seen === undefined) throw new Error("the fixture did not load: no context to return");
  return seen;
}
