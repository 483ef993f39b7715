import { describe, expect, it } from "vitest";
import { FakeEngine } from "../engine/fake-engine.js";
import { copyFilesInto, filesArchive } from "./copy-files.js";
import type { CopiedFile } from "../plan/mounted-files.js";
import { archiveEntries as entriesOf } from "./test-archive.js";

const files: CopiedFile[] = [
  { target: "/run/secrets/api.key", content: Buffer.from('p"w\\x\n'), mode: 0o440, uid: 999, gid: 998 },
  { target: "/etc/motd", content: Buffer.from(""), mode: 0o444, uid: 0, gid: 0 },
];

describe("filesArchive", () => {
  it("writes each file at its target (relative to /) with its owner, mode and exact bytes", async () => {
    expect(await entriesOf(await filesArchive(files))).toEqual([
      { name: "run/secrets/api.key", mode: 0o440, uid: 999, gid: 998, type: "file", content: 'p"w\\x\n' },
      { name: "etc/motd", mode: 0o444, uid: 0, gid: 0, type: "file", content: "" },
    ]);
  });

  it("makes a valid empty archive from no files", async () => {
    expect(await entriesOf(await filesArchive([]))).toEqual([]);
  });
});

describe("copyFilesInto", () => {
  async function engineWithContainer(): Promise<{ engine: FakeEngine; id: string }> {
    const engine = new FakeEngine({ images: ["alpine:3"] });
    const id = await engine.createContainer({ name: "p-web-1", Image: "alpine:3", Labels: {}, Env: [], ExposedPorts: {}, HostConfig: {}, NetworkingConfig: { EndpointsConfig: {} } });
    return { engine, id };
  }

  it("copies one archive at / into the created container", async () => {
    const { engine, id } = await engineWithContainer();
    await copyFilesInto(engine, id, files);
    expect(engine.calls).toContain("copy p-web-1 /");
    const archives = engine.copiedArchives(id);
    expect(archives).toHaveLength(1);
    expect((await entriesOf(archives[0]?.archive as Buffer)).map((e) => e.name)).toEqual(["run/secrets/api.key", "etc/motd"]);
  });

  it("makes no engine call when there is nothing to copy", async () => {
    const { engine, id } = await engineWithContainer();
    await copyFilesInto(engine, id, []);
    expect(engine.calls.some((call) => call.startsWith("copy"))).toBe(false);
  });
});
