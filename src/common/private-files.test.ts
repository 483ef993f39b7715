import { mkdir, mkdtemp, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makePrivateDirs, privateFileMode } from "./private-files.js";

describe("makePrivateDirs", () => {
  const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

  it("creates every missing folder on the way as 0700", async () => {
    const root = await mkdtemp(join(tmpdir(), "berth-state-"));
    await makePrivateDirs(join(root, "shop", "runs", "r1"));
    expect([await modeOf(join(root, "shop")), await modeOf(join(root, "shop", "runs")), await modeOf(join(root, "shop", "runs", "r1"))]).toEqual([0o700, 0o700, 0o700]);
  });

  it("tightens folders an older berth made world-readable", async () => {
    const root = await mkdtemp(join(tmpdir(), "berth-state-"));
    await mkdir(join(root, "shop", "runs"), { recursive: true, mode: 0o755 });
    await makePrivateDirs(join(root, "shop"), join(root, "shop", "runs"));
    expect([await modeOf(join(root, "shop")), await modeOf(join(root, "shop", "runs"))]).toEqual([0o700, 0o700]);
  });

  it("files written with privateFileMode are the owner's only", async () => {
    const root = await mkdtemp(join(tmpdir(), "berth-state-"));
    await writeFile(join(root, "journal.jsonl"), "{}\n", { mode: privateFileMode });
    expect(await modeOf(join(root, "journal.jsonl"))).toBe(0o600);
  });
});
