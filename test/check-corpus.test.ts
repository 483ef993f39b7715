import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkProject } from "../src/check/check-project.js";
import { diskFileTree } from "../src/check/files/disk-file-tree.js";
import type { Finding } from "../src/check/finding.js";
import { allRules } from "../src/check/rules/index.js";
import { sharedDir } from "./support/shared-dir.js";

// Reference corpus (docker/awesome-compose, trimmed to compose files, Dockerfiles, ignore files and
// proxy configs). Present on the team's machines only; the test skips cleanly elsewhere. The counts are
// a golden record: when a rule or the loader changes them, review the diff and update with -u.
const corpus = sharedDir("corpus", "awesome-compose") ?? "";
const composeNames = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];

function stacks(): { name: string; file: string }[] {
  return readdirSync(corpus).flatMap((name) => {
    const file = composeNames.map((candidate) => join(corpus, name, candidate)).find((path) => existsSync(path));
    return file ? [{ name, file }] : [];
  });
}

function countByRule(findings: readonly Finding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const finding of findings) counts[finding.rule] = (counts[finding.rule] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b)));
}

// The corpus copy leaves out application sources, so "missing file" findings are many there; each
// must still be true of the tree as given (the path really is absent).
function expectMissingPathsMissing(dir: string, findings: readonly Finding[]): void {
  for (const finding of findings) {
    const bind = finding.rule === "bind-mount-source-missing" ? /source "([^"]+)"/.exec(finding.message)?.[1] : undefined;
    const copy = finding.rule === "copy-source-missing" ? /source "([^"]+)" does not exist in the build context (\S+)/.exec(finding.message) : null;
    if (bind !== undefined) expect(existsSync(bind), finding.message).toBe(false);
    if (copy && !/[*?]/.test(copy[1] ?? "")) expect(existsSync(join(dir, copy[2] ?? "", copy[1] ?? "")), finding.message).toBe(false);
  }
}

describe.skipIf(!existsSync(corpus))("berth check on the awesome-compose corpus", () => {
  it("checks every stack without crashing and records the counts per rule", () => {
    const files = diskFileTree();
    const all: Finding[] = [];
    for (const stack of stacks()) {
      const { findings } = checkProject({ files: [stack.file], profiles: [], envFiles: [], environment: {}, cwd: join(corpus, stack.name) }, files, allRules);
      all.push(...findings);
      expectMissingPathsMissing(join(corpus, stack.name), findings);
    }
    expect(stacks().length).toBeGreaterThanOrEqual(35);
    expect(all.filter((finding) => finding.message.includes("this is a bug in berth"))).toEqual([]);
    expect(all.filter((finding) => finding.rule === "compose-invalid")).toEqual([]);
    // The corpus copy leaves out application sources: a COPY of them is an artefact of the copy,
    // checked above to be truly absent, and not counted as a finding of the stacks.
    expect(countByRule(all.filter((finding) => finding.rule !== "copy-source-missing"))).toMatchSnapshot();
  });
});

// The flagship example and the seed-shaped stacks are written to be right: berth check must agree.
describe("berth check on the repository's own stacks", () => {
  const repo = new URL("..", import.meta.url).pathname;
  const own = ["examples/fullstack", "test/stacks/second-brain-000", "test/stacks/autopack-002", "test/stacks/smalltalk-003"];
  // The flagship's .env is written by init-env.sh and not committed: the test plays that user.
  const secrets = { POSTGRES_PASSWORD: "5e0d7c1f9a2b4e6d8c3a", REDIS_PASSWORD: "b7f3a9e1c5d2084f6e1a" };
  const check = (dir: string, files: string[] = [], profiles: string[] = []) =>
    checkProject({ files, profiles, envFiles: [], environment: secrets, cwd: join(repo, dir) }, diskFileTree(), allRules).findings;
  const errors = (findings: readonly Finding[]) => findings.filter((finding) => finding.severity === "error");
  it.each(own)("%s reports no error", (dir) => {
    expect(errors(check(dir, [], dir === "examples/fullstack" ? ["monitoring"] : []))).toEqual([]);
  });
  // aidb-004 crash-loops with empty logs on purpose; both causes are visible before anything runs.
  it("finds both causes of the aidb-004 crash loop, and none once compose.fixed.yaml applies", () => {
    expect(errors(check("test/stacks/aidb-004")).map((finding) => `${finding.rule} ${finding.file}`)).toEqual([
      "python-module-not-in-image aidb/app/server.py",
      "output-redirected-to-file aidb/entrypoint.sh",
    ]);
    expect(errors(check("test/stacks/aidb-004", ["compose.yaml", "compose.fixed.yaml"]))).toEqual([]);
  });
});
