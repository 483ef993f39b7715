import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, Scenario, type CommandResult } from "./support/scenario.js";

// Faults in restores, and kills mid-way, on the real engine. A restore that cannot complete (a
// damaged archive whose manifest was forged to match, a full disk, a manifest naming another
// file, an RDB that does not load) leaves the live data intact and the services running; a
// berth killed with SIGKILL during a backup or restore leaves nothing for a person to do: the
// next berth command starts what was stopped, removes helpers and half-written files, and
// `restore latest` never picks a backup that was not proven by its drill.

const project = "berthe2e-backup-faults";
const tinyVolume = "berthe2e-backup-faults-tiny";
const tinyHolder = "berthe2e-backup-faults-tiny-holder";
const backups = await mkdtemp(join(tmpdir(), "berthe2e-faults-"));
const stack = new Scenario({ project, cwd: join(import.meta.dirname, "stacks", "backup", "faults"), env: { BERTH_BACKUP_DIR: backups, BERTH_STABLE_MS: "1000" } });
const container = (service: string) => `${project}-${service}-1`;
const auth = ["-e", "REDISCLI_AUTH=faults-literal-pw"];

interface Outcome {
  service: string;
  ok: boolean;
  path: string;
  manifest: { artifact: string; sha256: string; sizeBytes: number; drill?: { ok: boolean } };
}

async function ok(args: readonly string[]): Promise<CommandResult> {
  const result = await stack.berth(args);
  if (result.code !== 0) throw new Error(`berth ${args.join(" ")} exited ${result.code}:\n${result.stdout}${result.stderr}`);
  return result;
}

const sha256 = async (path: string) => createHash("sha256").update(await readFile(path)).digest("hex");
const treeOf = async (service: string, dir: string) => (await docker(["exec", container(service), "sh", "-c", `cd ${dir} && find . -type f ! -name ticks.log | sort | xargs -r sha256sum`])).trim();
const redis = async (...args: string[]) => (await docker(["exec", ...auth, container("redis"), "redis-cli", ...args])).trim();
const running = async (service: string) => (await docker(["inspect", "-f", "{{.State.Running}}", container(service)])).trim() === "true";
const helpers = async () => (await docker(["ps", "-a", "--filter", `label=com.docker.compose.project=${project}`, "--filter", "label=io.berth.backup-helper", "--format", "{{.Names}}"])).trim();
const leftovers = async (service: string) => (await readdir(join(backups, service)).catch(() => [] as string[])).filter((name) => name.endsWith(".partial") || name.endsWith(".tmp"));

/** A copy of a backup under a new name with a manifest forged to match its (damaged) bytes. */
async function forgedCopy(original: Outcome, name: string, damage: (path: string) => Promise<void>): Promise<string> {
  const folder = join(backups, original.service);
  const copy = join(folder, name);
  await writeFile(copy, await readFile(original.path));
  await damage(copy);
  const manifest = JSON.parse(await readFile(`${original.path}.manifest.json`, "utf8")) as Record<string, unknown>;
  delete manifest["drill"];
  const size = (await readFile(copy)).length;
  await writeFile(`${copy}.manifest.json`, JSON.stringify({ ...manifest, artifact: name, sizeBytes: size, sha256: await sha256(copy), createdAt: "2020-01-01T00:00:00.000Z" }));
  return copy;
}

describe("backup and restore faults on the real engine", () => {
  const taken: Record<string, Outcome> = {};
  const live: Record<string, string> = {};

  beforeAll(async () => {
    await stack.cleanup();
    await docker(["rm", "-f", tinyHolder]);
    await docker(["volume", "rm", "-f", tinyVolume]);
    await docker(["volume", "create", "--driver", "local", "--opt", "type=tmpfs", "--opt", "device=tmpfs", "--opt", "o=size=1m", tinyVolume]);
    // A tmpfs volume is unmounted (and emptied) when no container mounts it: a holder outside the
    // project keeps it mounted while berth stops the project's containers that use it.
    await docker(["run", "-d", "--name", tinyHolder, "--network", "none", "-v", `${tinyVolume}:/held`, "debian:bookworm-slim", "sleep", "infinity"]);
    await stack.step("up", () => ok(["up", "--json"]));
    await stack.step("write data", async () => {
      await docker(["exec", ...auth, container("redis"), "sh", "-c", "for i in $(seq 1 200); do echo \"SET key:$i value-$i\"; done | redis-cli >/dev/null"]);
      await docker(["exec", container("files"), "sh", "-c", "mkdir -p /srv/files/static && for i in 1 2 3; do head -c 30000 /dev/urandom > /srv/files/static/blob$i; done"]);
      await docker(["exec", container("tiny"), "sh", "-c", "head -c 600000 /dev/urandom > /srv/tiny/big.bin && echo one > /srv/tiny/small.txt"]);
    });
    const result = await stack.step("backup, with a password only on redis-server's command line", () => ok(["backup", "--json"]));
    for (const outcome of JSON.parse(result.stdout) as Outcome[]) taken[outcome.service] = outcome;
    expect(Object.values(taken).map((o) => [o.service, o.ok, o.manifest.drill?.ok])).toEqual([
      ["redis", true, true],
      ["files", true, true],
      ["tiny", true, true],
    ]);
    // The live data moves on after the backup: a failed restore must leave exactly this.
    await redis("set", "after-backup", "1");
    await docker(["exec", container("files"), "sh", "-c", "echo later > /srv/files/static/later.txt"]);
    await docker(["exec", container("tiny"), "sh", "-c", "echo two > /srv/tiny/small.txt"]);
    live["files"] = await treeOf("files", "/srv/files");
    live["tiny"] = await treeOf("tiny", "/srv/tiny");
    live["redis"] = await redis("dbsize");
  });

  afterAll(async () => {
    await stack.berth(["down", "-v"]);
    await stack.cleanup();
    await docker(["rm", "-f", tinyHolder]);
    await docker(["volume", "rm", "-f", tinyVolume]);
    await rm(backups, { recursive: true, force: true });
  });

  it("a full disk during a volume restore leaves the live volume as it was and its service running", async () => {
    const result = await stack.step("restore into a volume with no room for the extract", () => stack.berth(["restore", "--yes", "tiny", taken["tiny"]!.path]));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/restoring volume berthe2e-backup-faults-tiny failed/);
    expect(result.stderr).toMatch(/No space left on device/);
    expect(result.stderr).toMatch(/the live data is untouched/);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(await treeOf("tiny", "/srv/tiny")).toBe(live["tiny"]);
    expect(await docker(["exec", container("tiny"), "ls", "-A", "/srv/tiny"])).not.toContain(".berth-restore");
    expect(await running("tiny")).toBe(true);
    expect(await helpers()).toBe("");
  });

  it("a truncated archive whose manifest was forged to match leaves the live volume intact, its writer and dependents running", async () => {
    const damaged = await forgedCopy(taken["files"]!, "files-damaged.tar", async (path) => truncate(path, Math.floor(taken["files"]!.manifest.sizeBytes / 2)));
    const result = await stack.step("restore the damaged archive", () => stack.berth(["restore", "--yes", "files", damaged]));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the live data (is untouched|was left as it was)/);
    expect(await treeOf("files", "/srv/files")).toBe(live["files"]);
    expect(await running("files")).toBe(true);
    expect(await running("app")).toBe(true);
  });

  it("a manifest naming another file than its own is refused before anything is touched", async () => {
    const folder = join(backups, "files");
    const other = join(folder, "files-other.tar");
    await writeFile(other, "not a tar");
    await writeFile(`${other}.manifest.json`, await readFile(`${taken["files"]!.path}.manifest.json`, "utf8"));
    const result = await stack.step("restore through the doctored manifest", () => stack.berth(["restore", "--yes", "files", other]));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`field artifact names "${taken["files"]!.manifest.artifact}", but the manifest belongs to files-other.tar`);
    expect(await treeOf("files", "/srv/files")).toBe(live["files"]);
    const listed = await ok(["backup", "--list", "files"]);
    expect(listed.stdout).toMatch(/ignored .*files-other\.tar\.manifest\.json: field artifact/);
  });

  it("an RDB that does not load (its checksum forged to match) is refused while Redis keeps running with its data", async () => {
    const damaged = await forgedCopy(taken["redis"]!, "redis-damaged.rdb", async (path) => {
      const bytes = await readFile(path);
      for (let at = Math.floor(bytes.length / 3); at < Math.floor(bytes.length / 3) + 64; at++) bytes[at] = (bytes[at] ?? 0) ^ 0xff;
      await writeFile(path, bytes);
    });
    const result = await stack.step("restore the damaged RDB", () => stack.berth(["restore", "--yes", "redis", damaged]));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refusing to restore redis-damaged\.rdb: the RDB did not load/);
    expect(result.stderr + result.stdout).not.toContain("faults-literal-pw");
    expect(await running("redis")).toBe(true);
    expect(await redis("dbsize")).toBe(live["redis"]);
    expect(await redis("get", "after-backup")).toBe("1");
  });

  it("a good Redis restore swaps the data in and proves it (AOF on, password from the command line)", async () => {
    const result = await stack.step("restore redis latest", () => ok(["restore", "--yes", "redis", "latest"]));
    expect(result.stdout).toContain(`restored from ${taken["redis"]!.manifest.artifact} and verified`);
    expect(await redis("dbsize")).toBe("200");
    expect(await redis("get", "after-backup")).toBe("");
    expect(await docker(["exec", container("redis"), "ls", "-A", "/data"])).not.toContain(".berth-before-restore");
  });

  it("SIGKILLed during restores and backups at several points, the next berth command converges", async () => {
    const expected = (await treeOf("files", "/srv/files")).split("\n").filter((line) => !line.includes("later.txt")).join("\n");
    /**
     * Starts berth and SIGKILLs it once the trigger holds: an engine event (the `docker events`
     * stream is connected before berth starts, so a helper that lives a few milliseconds is still
     * caught) or a polled condition; bounded to 90 s either way.
     */
    const killWhen = async (args: readonly string[], trigger: { readonly events: readonly string[] } | (() => Promise<boolean>)): Promise<void> => {
      const watcher = typeof trigger === "function" ? undefined : spawn("docker", ["events", "--format", "{{.Status}} {{.Actor.Attributes.name}}", "--filter", `label=com.docker.compose.project=${project}`, ...trigger.events.flatMap((filter) => ["--filter", filter])], { stdio: ["ignore", "pipe", "ignore"] });
      const seen = watcher === undefined ? undefined : new Promise<void>((resolve) => watcher.stdout.once("data", () => resolve()));
      if (watcher !== undefined) await new Promise((resolve) => setTimeout(resolve, 500));
      try {
        const { child, done } = stack.startBerth(args);
        let exited = false;
        void done.then(() => (exited = true));
        const deadline = Date.now() + 90_000;
        if (seen !== undefined) await Promise.race([seen, done, new Promise((resolve) => setTimeout(resolve, 90_000))]);
        else while (!exited && Date.now() < deadline && !(await (trigger as () => Promise<boolean>)())) await new Promise((resolve) => setTimeout(resolve, 100));
        child.kill("SIGKILL");
        await done;
      } finally {
        watcher?.kill();
      }
    };
    const helperStarts = (role: string) => ({ events: ["event=start", `label=io.berth.backup-helper=${role}`] });
    const stops = (service: string) => ({ events: ["event=die", `label=com.docker.compose.service=${service}`] });
    const restoreFiles = ["restore", "--yes", "files", taken["files"]!.path];
    let startedAt = 0;
    const afterStart = (ms: number) => async () => {
      startedAt ||= Date.now();
      return Date.now() - startedAt > ms;
    };
    // Points: a restore once the dependent app is stopped, a restore while its helper swaps, a
    // backup during its drill (the backup written, not proven), and at random moments (bounded:
    // 3 more kills, each within 8 s of the start).
    const points: { name: string; args: string[]; trigger: { readonly events: readonly string[] } | (() => Promise<boolean>); repair?: RegExp }[] = [
      { name: "restore, app stopped", args: restoreFiles, trigger: stops("app"), repair: /started berthe2e-backup-faults-app-1 again/ },
      { name: "restore, helper running", args: restoreFiles, trigger: helperStarts("restore"), repair: /removed the restore helper .* left by an interrupted run/ },
      { name: "backup, drill running", args: ["backup", "files"], trigger: helperStarts("drill"), repair: /removed the drill helper .* left by an interrupted run/ },
      ...[0, 1, 2].map((i) => {
        const ms = Math.floor(Math.random() * 8000);
        return { name: `${i % 2 === 0 ? "restore" : "backup"} after ${ms} ms`, args: i % 2 === 0 ? restoreFiles : ["backup", "files"], trigger: afterStart(ms) };
      }),
    ];
    const repaired: string[] = [];
    for (const point of points) {
      startedAt = 0;
      await stack.step(`kill -9: ${point.name}`, () => killWhen(point.args, point.trigger));
      const next = await stack.step("the next restore recovers and succeeds", () => ok(["restore", "--yes", "files", taken["files"]!.path]));
      const lines = `${next.stdout}\n${next.stderr}`.split("\n").filter((line) => line.includes("interrupted"));
      repaired.push(`after kill -9 (${point.name}): ${lines.length === 0 ? "nothing to repair" : lines.join(" | ")}`);
      if (point.repair !== undefined) expect(lines.join("\n")).toMatch(point.repair);
      await stack.step("converged: data back, services running, no helper, no half-written file", async () => {
        expect(next.stdout).toContain("restored from");
        expect(await treeOf("files", "/srv/files")).toBe(expected);
        expect(await running("files")).toBe(true);
        expect(await running("app")).toBe(true);
        expect(await helpers()).toBe("");
        expect(await leftovers("files")).toEqual([]);
        expect(await docker(["exec", container("files"), "ls", "-A", "/srv/files"])).not.toContain(".berth-restore");
      });
    }
    console.log(repaired.join("\n"));
    await stack.step("restore latest takes the newest drilled backup, never one killed before its drill", async () => {
      const listed = JSON.parse((await ok(["backup", "--list", "--json", "files"])).stdout) as { path: string; createdAt: string; artifact: string; drill?: { ok: boolean }; artifactCheck: string }[];
      const newestDrilled = listed.filter((entry) => entry.drill?.ok === true).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
      expect(listed.every((entry) => entry.artifactCheck === "ok" || entry.path.includes("damaged") || entry.path.includes("other"))).toBe(true);
      const restored = await ok(["restore", "--yes", "files", "latest"]);
      expect(restored.stdout).toContain(`restored from ${newestDrilled?.artifact} and verified`);
    });
    expect(existsSync(join(backups, "files"))).toBe(true);
  });
});
