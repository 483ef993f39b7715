import { posix } from "node:path";
import type { LoadWarning } from "../../compose/model/project.js";
import type { LoadFailure } from "../context.js";
import type { FileTree } from "../files/file-tree.js";
import { memoryFileTree } from "../files/memory-file-tree.js";
import type { Finding } from "../finding.js";
import type { Rule } from "../rule.js";
import { runChecks } from "../run-checks.js";
import { buildTestProject, testProjectDir } from "./build-project.js";

export interface Fixture {
  readonly compose: string;
  /** Other project files by path relative to the project directory. */
  readonly files?: Readonly<Record<string, string>>;
  readonly modes?: Readonly<Record<string, number>>;
  readonly warnings?: readonly LoadWarning[];
  readonly loadError?: LoadFailure;
}

/** A file tree holding the fixture's compose file, `.env` and other files under /project. */
export function fixtureTree(fixture: Fixture): FileTree {
  const absolute = (entries: Readonly<Record<string, unknown>>) =>
    Object.fromEntries(Object.entries(entries).map(([path, value]) => [posix.join(testProjectDir, path), value]));
  return memoryFileTree(absolute({ "compose.yaml": fixture.compose, ...fixture.files }) as Record<string, string>, absolute(fixture.modes ?? {}) as Record<string, number>);
}

/** Runs the given rules on a fixture project and returns their findings. */
export function checkFixture(fixture: Fixture, rules: readonly Rule[]): Finding[] {
  const built = buildTestProject(fixture.compose, fixture.files?.[".env"] ?? "");
  const project = { ...built, meta: { ...built.meta, warnings: fixture.warnings ?? [] } };
  const loadError = fixture.loadError === undefined ? {} : { loadError: fixture.loadError };
  return runChecks({ project, files: fixtureTree(fixture), rules, ...loadError });
}

/** Findings of one rule, as `file:line message` strings for compact assertions. */
export function findingsOf(rule: Rule, fixture: Fixture): Finding[] {
  return checkFixture(fixture, [rule]).filter((finding) => finding.rule === rule.id);
}
