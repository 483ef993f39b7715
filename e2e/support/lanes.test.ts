import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { laneRank, PARALLEL_E2E, PARALLEL_WORKERS } from "./lanes.js";

// The parallel lane of `npm test` is only safe while its files cannot collide on the engine or
// the host. These checks read what a file states literally: published host ports, compose
// project names and image tags. What a file computes at run time is the author's to keep unique
// (lanes.ts says how).

const ROOT = join(import.meta.dirname, "..", "..");
const text = (file: string) => readFileSync(join(ROOT, file), "utf8");

/** Host ports in the range e2e stacks publish on (18000-18999), and berth serve's default 7010. */
function hostPorts(source: string): Set<number> {
  const ranges = [...source.matchAll(/\b(18\d{3})-(18\d{3})\b/g)].flatMap(([, from, to]) => spread(Number(from), Number(to)));
  const singles = [...source.matchAll(/(?<![\d.-])(18\d{3}|7010)(?![\d-])/g)].map(([, port]) => Number(port));
  return new Set([...ranges, ...singles]);
}

/** `berthe2e-…` names in string literals, and names given as `project: "…"` or `const project = "…"`. */
function projectNames(source: string): Set<string> {
  const prefixed = [...source.matchAll(/["'`](berthe2e-[a-z0-9-]+)["'`]/g)].map(([, name]) => name as string);
  const declared = [...source.matchAll(/\bproject(?::| =) ["'`]([a-z0-9][a-z0-9_-]*)["'`]/g)].map(([, name]) => name as string);
  return new Set([...prefixed, ...declared]);
}

/** Image references with a tag written out in full (`name:tag`), base images excluded. */
function builtImageTags(source: string): Set<string> {
  const bases = /^(debian|node|postgres|redis|nginx|python|prom\/prometheus):/;
  const tags = [...source.matchAll(/["'`]((?:berth|berthe2e)-[a-z0-9-]+:[a-z0-9][a-z0-9._-]*)["'`]/g)].map(([, tag]) => tag as string);
  return new Set(tags.filter((tag) => !bases.test(tag)));
}

function spread(from: number, to: number): number[] {
  return to >= from && to - from < 200 ? Array.from({ length: to - from + 1 }, (_, i) => from + i) : [];
}

/** Every value claimed by more than one file, with the files that claim it. */
function collisions<T>(claims: ReadonlyMap<string, Set<T>>): Map<T, string[]> {
  const owners = new Map<T, string[]>();
  for (const [file, values] of claims) for (const value of values) owners.set(value, [...(owners.get(value) ?? []), file]);
  return new Map([...owners].filter(([, files]) => files.length > 1));
}

const claims = <T>(read: (source: string) => Set<T>) => new Map(PARALLEL_E2E.map((file) => [file, read(text(file))]));

/** Literals a file names without claiming them, each with the reason (checked by hand). */
const namedNotClaimed: Readonly<Record<string, readonly string[]>> = {
  // Its copy of the day2-buildkit stack replaces this tag with its own before anything is built.
  "e2e/day2-stale.e2e.ts": ["berthe2e-day2-buildkit-app:e2e"],
};

const claimedTags = () => {
  const found = claims(builtImageTags);
  for (const [file, tags] of Object.entries(namedNotClaimed)) for (const tag of tags) found.get(file)?.delete(tag);
  return found;
};

describe("the parallel e2e lane", () => {
  it("names e2e files that exist, each once", () => {
    for (const file of PARALLEL_E2E) expect(existsSync(join(ROOT, file)), file).toBe(true);
    expect(new Set(PARALLEL_E2E).size).toBe(PARALLEL_E2E.length);
    expect(PARALLEL_E2E.every((file) => /^e2e\/[\w-]+\.e2e\.ts$/.test(file))).toBe(true);
  });

  it("leaves some e2e files to the serial lane and runs a few files at a time", () => {
    const all = readdirSync(join(ROOT, "e2e")).filter((name) => name.endsWith(".e2e.ts")).map((name) => `e2e/${name}`);
    const serial = all.filter((file) => !PARALLEL_E2E.includes(file));
    expect(serial).toEqual(expect.arrayContaining(["e2e/flagship-update.e2e.ts", "e2e/rollout.e2e.ts", "e2e/truth-race.e2e.ts", "e2e/backup-faults.e2e.ts"]));
    expect(PARALLEL_WORKERS).toBeGreaterThanOrEqual(2);
  });

  it("has no host port published by two of its files", () => {
    expect(collisions(claims(hostPorts))).toEqual(new Map());
  });

  it("has no compose project named by two of its files", () => {
    expect(collisions(claims(projectNames))).toEqual(new Map());
  });

  it("has no image tag built by two of its files", () => {
    expect(collisions(claimedTags())).toEqual(new Map());
  });

  it("names only literals its files really contain as not claimed", () => {
    for (const [file, tags] of Object.entries(namedNotClaimed)) for (const tag of tags) expect(text(file), file).toContain(tag);
  });

  it("starts its files in the listed order, and anything else after them", () => {
    expect(PARALLEL_E2E.map(laneRank)).toEqual(PARALLEL_E2E.map((_, index) => index));
    expect(laneRank("e2e/not-in-the-lane.e2e.ts")).toBe(PARALLEL_E2E.length);
  });
});

describe("what the collision checks read", () => {
  it("finds single ports and ranges, and no durations, versions or longer numbers", () => {
    const source = 'const ports = { web: 18810, serve: 18812 }; // 18000-18002\nFRONTEND_PORT: "18100", timeout: 180_000, v1.18100, 181000, 7010';
    expect([...hostPorts(source)].sort()).toEqual([18000, 18001, 18002, 18100, 18810, 18812, 7010]);
    expect(hostPorts("sleep 18; retries: 30; 2018-12-07").size).toBe(0);
  });

  it("finds project names by prefix and by declaration", () => {
    const source = 'const project = "ux-smalltalk";\nnew Scenario({ project: "berthe2e-up-four", cwd });\n"label=com.docker.compose.project=berthe2e-up-four"';
    expect(projectNames(source)).toEqual(new Set(["ux-smalltalk", "berthe2e-up-four"]));
  });

  it("finds tags of built images and skips base images", () => {
    const source = 'const image = "berthe2e-day2-stale:e2e"; run("postgres:15"); `berth-fullstack-backend:e2e-ops`; "node:20-bookworm-slim"';
    expect(builtImageTags(source)).toEqual(new Set(["berthe2e-day2-stale:e2e", "berth-fullstack-backend:e2e-ops"]));
  });

  it("reports each value claimed twice with every file that claims it", () => {
    const found = collisions(new Map([["a", new Set([1, 2])], ["b", new Set([2, 3])], ["c", new Set([2])]]));
    expect(found).toEqual(new Map([[2, ["a", "b", "c"]]]));
  });
});
