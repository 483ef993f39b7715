import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { shownWarningsFile, unseenWarnings } from "./warn-once.js";

const obsolete = "WARN compose.yaml:1:1: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion";
const unset = 'WARN compose.yaml:6:9: the "TAG" variable is not set. Defaulting to a blank string.';
const folders: string[] = [];

function project() {
  const root = mkdtempSync(join(tmpdir(), "berth-warn-once-"));
  folders.push(root);
  const compose = join(root, "compose.yaml");
  writeFileSync(compose, 'version: "3.8"\nservices:\n  web:\n    image: nginx:1.22\n');
  return { compose, state: join(root, "state", "shop") };
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe("unseenWarnings", () => {
  it("shows a load warning on the first command only, not on every ps", () => {
    const { compose, state } = project();
    expect(unseenWarnings(state, [compose], [obsolete])).toEqual([obsolete]);
    expect(unseenWarnings(state, [compose], [obsolete])).toEqual([]);
    expect(unseenWarnings(state, [compose], [obsolete])).toEqual([]);
  });

  it("shows a new warning, and all of them again once a compose file changed", () => {
    const { compose, state } = project();
    unseenWarnings(state, [compose], [obsolete]);
    expect(unseenWarnings(state, [compose], [obsolete, unset])).toEqual([unset]);
    writeFileSync(compose, 'version: "3.9"\nservices:\n  web:\n    image: nginx:1.22\n');
    expect(unseenWarnings(state, [compose], [obsolete, unset])).toEqual([obsolete, unset]);
    expect(unseenWarnings(state, [compose], [obsolete, unset])).toEqual([]);
  });

  it("keeps what it remembers per project folder, and only hashes (no warning text, which may quote a value)", () => {
    const { compose, state } = project();
    unseenWarnings(state, [compose], [unset]);
    expect(unseenWarnings(`${state}-other`, [compose], [unset])).toEqual([unset]);
    const stored = readFileSync(join(state, shownWarningsFile), "utf8");
    expect(stored).not.toContain("TAG");
    expect(JSON.parse(stored)).toHaveLength(1);
  });

  it("shows every warning when the state folder cannot be written or holds garbage", () => {
    const { compose, state } = project();
    unseenWarnings(state, [compose], [obsolete]);
    writeFileSync(join(state, shownWarningsFile), "{not json");
    expect(unseenWarnings(state, [compose], [obsolete])).toEqual([obsolete]);
    const readOnly = join(state, "..", "blocked");
    writeFileSync(readOnly, "a file where a folder should be");
    chmodSync(readOnly, 0o444);
    expect(unseenWarnings(join(readOnly, "shop"), [compose], [obsolete])).toEqual([obsolete]);
    expect(unseenWarnings(join(readOnly, "shop"), [compose], [obsolete])).toEqual([obsolete]);
  });

  it("returns nothing and writes nothing without warnings", () => {
    const { compose, state } = project();
    expect(unseenWarnings(state, [compose], [])).toEqual([]);
    expect(() => readFileSync(join(state, shownWarningsFile))).toThrow();
  });
});
