import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkProject } from "../src/check/check-project.js";
import { diskFileTree } from "../src/check/files/disk-file-tree.js";
import type { Finding } from "../src/check/finding.js";
import { allRules } from "../src/check/rules/index.js";

// Reference corpus (docker/awesome-compose, trimmed to compose files, Dockerfiles, ignore files and
// proxy configs). Present on the team's machines only; the test skips cleanly elsewhere.
const corpus = "/work/shared/corpus/awesome-compose";
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

describe.skipIf(!existsSync(corpus))("berth check on the awesome-compose corpus", () => {
  it("checks every stack without crashing and records the counts per rule", () => {
    const files = diskFileTree();
    const all: Finding[] = [];
    for (const stack of stacks()) {
      const { findings } = checkProject({ files: [stack.file], profiles: [], envFiles: [], environment: {}, cwd: join(corpus, stack.name) }, files, allRules);
      all.push(...findings);
    }
    expect(stacks().length).toBeGreaterThanOrEqual(35);
    expect(all.filter((finding) => finding.message.includes("this is a bug in berth"))).toEqual([]);
    expect(all.filter((finding) => finding.rule === "compose-invalid")).toEqual([]);
    expect(countByRule(all)).toMatchSnapshot();
  });
});

// The flagship example and the seed-shaped stacks are written to be right: berth check must agree.
describe("berth check on the repository's own stacks", () => {
  const repo = new URL("..", import.meta.url).pathname;
  const own = ["examples/fullstack", "test/stacks/second-brain-000", "test/stacks/autopack-002", "test/stacks/smalltalk-003", "test/stacks/aidb-004"];
  it.each(own)("%s reports no error", (dir) => {
    const cwd = join(repo, dir);
    const profiles = dir === "examples/fullstack" ? ["monitoring"] : [];
    const { findings } = checkProject({ files: [], profiles, envFiles: [], environment: {}, cwd }, diskFileTree(), allRules);
    expect(findings.filter((finding) => finding.severity === "error")).toEqual([]);
  });
});
