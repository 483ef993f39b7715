import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import type { ContainerCreateRequest, ContainerDetails, ExecRequest, ExecResult } from "../engine/engine.js";
import { FakeEngine, type FakeBehaviour } from "../engine/fake-engine.js";
import { composeLabel } from "../engine/labels.js";
import type { StoredBackup } from "./backup-store.js";
import type { DriverContext } from "./driver.js";
import type { BackupManifest } from "./manifest.js";
import { helperLabel } from "./one-shot.js";
import { parseKeyspace, redisDriver } from "./redis.js";
import { redisCommitScript, redisSwapScript, redisUndoScript } from "./redis-scripts.js";
import { selectBackupTargets } from "./select-driver.js";
import { findServiceInstance } from "./service-instance.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Staging {
  /** Successive answers of the live server to `info keyspace` (the last one repeats). */
  readonly liveKeys?: readonly string[];
  /** What the scratch server of a drill answers to `info keyspace`. */
  readonly scratchKeys?: string;
  /** The scratch server dies on start (a broken RDB), printing this. */
  readonly scratchDies?: string;
  /** Exit codes of the one-shot helpers, by script: backup, swap, undo. */
  readonly backupExit?: number;
  readonly swapExit?: number;
  readonly undoExit?: number;
  /** `config get` answers of the live server (appendonly, appenddirname, appendfilename). */
  readonly config?: Readonly<Record<string, string>>;
  readonly env?: readonly string[];
  readonly cmd?: readonly string[];
  /** Whether the live container keeps a named volume at /data (default yes). */
  readonly volume?: boolean;
}

/** The live server's container with the named volume the engine would report at /data. */
class MountingEngine extends FakeEngine {
  constructor(behave: (request: ContainerCreateRequest) => FakeBehaviour, private readonly volumeOf: (name: string) => string | undefined) {
    super({ images: ["redis:7"], behave });
  }

  override async inspectContainer(idOrName: string): Promise<ContainerDetails | undefined> {
    const details = await super.inspectContainer(idOrName);
    const volume = details === undefined ? undefined : this.volumeOf(details.Name);
    if (details === undefined || volume === undefined) return details;
    return { ...details, Mounts: [{ Type: "volume", Name: volume, Destination: "/data" }] } as unknown as ContainerDetails;
  }
}

/** A fake engine with one running redis service (`cache` of project `shop`) and scripted helpers. */
async function redisStack(staging: Staging = {}) {
  const folder = mkdtempSync(join(tmpdir(), "berth-redis-"));
  dirs.push(folder);
  const execs: { container: string; request: ExecRequest }[] = [];
  const helpers: ContainerCreateRequest[] = [];
  let liveCalls = 0;
  const live = (command: readonly string[]): Partial<ExecResult> => {
    const text = command.join(" ");
    if (text.endsWith("info keyspace")) {
      const answers = staging.liveKeys ?? ["db0:keys=3,expires=0,avg_ttl=0\n"];
      const stdout = answers[Math.min(liveCalls++, answers.length - 1)] ?? "";
      return { stdout, output: stdout };
    }
    if (text.endsWith("ping")) return { stdout: "PONG\n" };
    const asked = /config get (\S+)$/.exec(text)?.[1];
    if (asked !== undefined) return { stdout: `${asked}\n${staging.config?.[asked] ?? ""}\n` };
    return {};
  };
  const scriptExit = (script: string): number => {
    if (script === redisSwapScript) return staging.swapExit ?? 0;
    if (script === redisUndoScript) return staging.undoExit ?? 0;
    if (script === redisCommitScript) return 0;
    return staging.backupExit ?? 0;
  };
  const behave = (request: ContainerCreateRequest): FakeBehaviour => {
    const role = request.Labels?.[helperLabel];
    if (role === undefined) return { exec: live };
    helpers.push(request);
    if (role === "drill") {
      if (staging.scratchDies !== undefined) return { exitOnStart: 1, logs: [{ stream: "stderr", text: staging.scratchDies }] };
      return { exec: (command) => (command.join(" ").includes("info keyspace") ? { stdout: staging.scratchKeys ?? "db0:keys=3,expires=0,avg_ttl=0\n" } : {}) };
    }
    const script = request.Cmd?.[0] ?? "";
    const out = request.Env?.find((line) => line.startsWith("BERTH_OUT=/backup/"))?.slice("BERTH_OUT=/backup/".length);
    if (out !== undefined && scriptExit(script) === 0) writeFileSync(join(folder, out), "REDIS0011 fake rdb");
    return { exitOnStart: scriptExit(script), logs: [{ stream: "stderr", text: scriptExit(script) === 0 ? "" : "berth: no space left on device\n" }] };
  };
  const engine = new MountingEngine(behave, (name) => (name === "shop-cache-1" && staging.volume !== false ? "shop_cache-data" : undefined));
  const originalExec = engine.exec.bind(engine);
  engine.exec = async (container, request) => {
    execs.push({ container, request });
    return originalExec(container, request);
  };
  const id = await engine.createContainer({
    name: "shop-cache-1",
    Image: "redis:7",
    Env: [...(staging.env ?? [])],
    ...(staging.cmd === undefined ? {} : { Cmd: [...staging.cmd] }),
    Labels: { [composeLabel.project]: "shop", [composeLabel.service]: "cache", [composeLabel.number]: "1" },
  });
  await engine.startContainer(id);
  const project = loadInline("name: shop\nservices:\n  cache: { image: redis:7 }\n");
  const context: DriverContext = {
    engine,
    project: "shop",
    target: selectBackupTargets(project, ["cache"])[0]!,
    instance: await findServiceInstance(engine, "shop", "cache"),
    folder,
    compress: false,
    timeoutMs: 10_000,
  };
  engine.calls.length = 0;
  /** What berth asked of the engine (not the exits it caused), the helpers' random suffixes dropped. */
  const calls = () => engine.calls.filter((call) => /^(create|start|stop|destroy) /.test(call)).map((call) => call.replace(/-[0-9a-f]{8}$/, ""));
  return { engine, context, folder, execs, helpers, calls, serviceId: id };
}

/** A stored RDB in the stack's folder whose manifest recorded these key counts. */
function storedRdb({ folder, context }: { folder: string; context: DriverContext }, facts: BackupManifest["facts"], content = "REDIS0011 stored rdb"): StoredBackup {
  const artifactPath = join(folder, "cache-1.rdb");
  writeFileSync(artifactPath, content);
  const sha256 = createHash("sha256").update(content).digest("hex");
  const manifest = { manifestVersion: 1, driver: "redis", artifact: "cache-1.rdb", imageId: context.instance.imageId, sizeBytes: content.length, sha256, source: { port: "6379" }, facts } as unknown as BackupManifest;
  return { manifest, artifactPath, manifestPath: `${artifactPath}.manifest.json` };
}

describe("parseKeyspace", () => {
  it("reads each database's key count and ignores everything else INFO prints", () => {
    const info = "# Keyspace\r\ndb0:keys=12,expires=1,avg_ttl=0\r\ndb3:keys=7,expires=0,avg_ttl=0\r\nused_memory:100\r\n";
    expect(parseKeyspace(info)).toEqual({ db0: 12, db3: 7 });
  });

  it("is empty for an empty server (INFO prints only the heading)", () => {
    expect(parseKeyspace("# Keyspace\r\n")).toEqual({});
  });
});

describe("redisDriver.backup", () => {
  it("streams the RDB to a partial name, renames it when complete and records the key counts before and after", async () => {
    const { context, folder, helpers } = await redisStack({ liveKeys: ["db0:keys=3,expires=0\n", "db0:keys=5,expires=0\n"] });
    const produced = await redisDriver.backup(context, "cache-1.rdb");
    expect(produced).toEqual({ compressed: false, source: { port: "6379" }, facts: { keys: { db0: 3 }, keysAfter: { db0: 5 } } });
    expect(readFileSync(join(folder, "cache-1.rdb"), "utf8")).toBe("REDIS0011 fake rdb");
    expect(existsSync(join(folder, "cache-1.rdb.partial"))).toBe(false);
    const helper = helpers[0]!;
    expect(helper.HostConfig?.["NetworkMode"]).toMatch(/^container:[0-9a-f]+$/);
    expect(helper.Env).toContain("BERTH_OUT=/backup/cache-1.rdb.partial");
  });

  it("talks to the port the service sets in REDIS_PORT, and falls back to 6379 when it is not a number", async () => {
    const custom = await redisStack({ env: ["REDIS_PORT=7000"] });
    expect((await redisDriver.backup(custom.context, "a.rdb")).source).toEqual({ port: "7000" });
    expect(custom.execs.every(({ request }) => request.command.includes("7000"))).toBe(true);
    const odd = await redisStack({ env: ["REDIS_PORT=$(reboot)"] });
    expect((await redisDriver.backup(odd.context, "a.rdb")).source).toEqual({ port: "6379" });
    expect(odd.helpers[0]!.Env).toContain("BERTH_PORT=6379");
  });

  it("hands the password to redis-cli as REDISCLI_AUTH and never puts it on a command line", async () => {
    const { context, execs, helpers } = await redisStack({ cmd: ["redis-server", "--requirepass", "s3cret-pw"] });
    await redisDriver.backup(context, "a.rdb");
    expect(execs.length).toBeGreaterThan(0);
    for (const { request } of execs) {
      expect(request.env).toContain("REDISCLI_AUTH=s3cret-pw");
      expect(request.command.join(" ")).not.toContain("s3cret-pw");
    }
    expect(helpers[0]!.Env).toContain("REDISCLI_AUTH=s3cret-pw");
    expect(helpers[0]!.Cmd?.join(" ")).not.toContain("s3cret-pw");
  });

  it("writes files as the user who asked when a file owner is given", async () => {
    const { context, helpers } = await redisStack();
    await redisDriver.backup({ ...context, fileOwner: "1000:1000" }, "a.rdb");
    expect(helpers[0]!.User).toBe("1000:1000");
  });

  it("fails with the helper's last output when redis-cli --rdb fails, leaving no artifact", async () => {
    const { context, folder } = await redisStack({ backupExit: 1 });
    await expect(redisDriver.backup(context, "a.rdb")).rejects.toThrow(/redis-cli --rdb of cache failed \(exit 1\):\nberth: no space left on device/);
    expect(existsSync(join(folder, "a.rdb"))).toBe(false);
  });

  it("fails naming the service when the live server does not answer INFO", async () => {
    const stack = await redisStack();
    const exec = stack.engine.exec.bind(stack.engine);
    stack.engine.exec = async (container, request) => (request.command.includes("keyspace") ? { exitCode: 1, timedOut: false, durationMs: 1, stdout: "", stderr: "NOAUTH", output: "NOAUTH Authentication required.\n" } : exec(container, request));
    await expect(redisDriver.backup(stack.context, "a.rdb")).rejects.toThrow("redis-cli info keyspace in cache failed: NOAUTH Authentication required.");
  });
});

describe("redisDriver.drill", () => {
  it("loads the RDB in a scratch server with no network, checks its sha256 there and compares the key counts", async () => {
    const { context, folder, helpers, calls } = await redisStack({ scratchKeys: "db0:keys=4\n" });
    const outcome = await redisDriver.drill(context, storedRdb({ folder, context }, { keys: { db0: 3 }, keysAfter: { db0: 5 } }));
    expect(outcome).toEqual({ ok: true, checks: ["db0: 4 keys, as at backup time"] });
    const scratch = helpers[0]!;
    expect(scratch.HostConfig?.["NetworkMode"]).toBe("none");
    expect(scratch.HostConfig?.["Binds"]).toEqual([`${folder}:/backup:ro`]);
    expect(scratch.Env).toContain(`BERTH_SHA256=${createHash("sha256").update("REDIS0011 stored rdb").digest("hex")}`);
    expect(scratch.Image).toBe(context.instance.imageId);
    expect(calls()).toEqual(["create shop-drill-redis", "start shop-drill-redis", "destroy shop-drill-redis"]);
  });

  it("fails when the scratch server holds fewer keys than the backup recorded", async () => {
    const { context, folder } = await redisStack({ scratchKeys: "db0:keys=1\n" });
    const outcome = await redisDriver.drill(context, storedRdb({ folder, context }, { keys: { db0: 3 } }));
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toBe("restored data differs from the backup: db0 has 1 keys, expected 3");
  });

  it("reports an RDB the server cannot load as a failed drill, with the server's last words, and removes the scratch", async () => {
    const { context, folder, calls } = await redisStack({ scratchDies: "Short read or OOM loading DB. Unrecoverable error, aborting now.\n" });
    const outcome = await redisDriver.drill(context, storedRdb({ folder, context }, { keys: { db0: 3 } }));
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/^the RDB did not load: the scratch container exited \(code 1\) while restoring:\nShort read or OOM loading DB/);
    expect(calls().at(-1)).toBe("destroy shop-drill-redis");
  });
});

describe("redisDriver.restore", () => {
  it("stops the server, swaps the RDB in, starts it, proves the key counts and only then drops the previous data", async () => {
    const { context, folder, calls, helpers } = await redisStack({ liveKeys: ["db0:keys=3\n"] });
    const outcome = await redisDriver.restore(context, storedRdb({ folder, context }, { keys: { db0: 3 } }));
    expect(outcome.ok).toBe(true);
    expect(calls()).toEqual([
      "create shop-drill-redis", "start shop-drill-redis", "destroy shop-drill-redis",
      "stop shop-cache-1",
      "create shop-restore-cache", "start shop-restore-cache", "destroy shop-restore-cache",
      "start shop-cache-1",
      "create shop-restore-cache", "start shop-restore-cache", "destroy shop-restore-cache",
    ]);
    const [, swap, commit] = helpers;
    expect(swap!.Cmd).toEqual([redisSwapScript]);
    expect(commit!.Cmd).toEqual([redisCommitScript]);
    expect(swap!.HostConfig?.["Binds"]).toEqual([`${folder}:/backup:ro`, "shop_cache-data:/data"]);
    expect(swap!.HostConfig?.["NetworkMode"]).toBe("none");
    expect(swap!.Env).not.toContainEqual(expect.stringMatching(/^BERTH_AOF_/));
  });

  it("passes the live server's AOF layout to the swap when AOF is on", async () => {
    const { context, folder, helpers } = await redisStack({ config: { appendonly: "yes", appenddirname: "aof", appendfilename: "app.aof" } });
    await redisDriver.restore(context, storedRdb({ folder, context }, { keys: { db0: 3 } }));
    expect(helpers[1]!.Env).toEqual(expect.arrayContaining(["BERTH_AOF_DIR=aof", "BERTH_AOF_FILE=app.aof"]));
  });

  it("uses Redis's default AOF names when the server reports none", async () => {
    const { context, folder, helpers } = await redisStack({ config: { appendonly: "yes" } });
    await redisDriver.restore(context, storedRdb({ folder, context }, { keys: { db0: 3 } }));
    expect(helpers[1]!.Env).toEqual(expect.arrayContaining(["BERTH_AOF_DIR=appendonlydir", "BERTH_AOF_FILE=appendonly.aof"]));
  });

  it("refuses an AOF path that is not a plain name before stopping anything", async () => {
    const { context, folder, calls } = await redisStack({ config: { appendonly: "yes", appenddirname: "../etc" } });
    await expect(redisDriver.restore(context, storedRdb({ folder, context }, { keys: { db0: 3 } }))).rejects.toThrow("cache keeps its AOF at ../etc/appendonly.aof, which berth does not restore into");
    expect(calls()).not.toContain("stop shop-cache-1");
  });

  it("refuses a service without a named volume at /data, before any drill", async () => {
    const { context, folder, calls } = await redisStack({ volume: false });
    await expect(redisDriver.restore(context, storedRdb({ folder, context }, { keys: {} }))).rejects.toThrow("cache keeps no named volume at /data: there is nothing to restore into");
    expect(calls()).toEqual([]);
  });

  it("refuses a backup whose drill fails and leaves the live server running", async () => {
    const { context, folder, calls } = await redisStack({ scratchKeys: "db0:keys=1\n" });
    await expect(redisDriver.restore(context, storedRdb({ folder, context }, { keys: { db0: 3 } }))).rejects.toMatchObject({
      message: "refusing to restore cache-1.rdb: restored data differs from the backup: db0 has 1 keys, expected 3",
      hint: "the live data was not touched; pick another backup: berth backup --list",
    });
    expect(calls()).not.toContain("stop shop-cache-1");
  });

  it("starts the server again when the swap fails and says the live data was not touched", async () => {
    const { context, folder, calls } = await redisStack({ swapExit: 3 });
    await expect(redisDriver.restore(context, storedRdb({ folder, context }, { keys: { db0: 3 } }))).rejects.toThrow(/copying the RDB into cache failed \(exit 3\)/);
    expect(calls().filter((call) => call.endsWith("shop-cache-1"))).toEqual(["stop shop-cache-1", "start shop-cache-1"]);
  });

  it("says the live data was not touched when the swap failed before or put it back (exit 3)", async () => {
    const { context, folder } = await redisStack({ swapExit: 3 });
    await expect(redisDriver.restore(context, storedRdb({ folder, context }, { keys: { db0: 3 } }))).rejects.toMatchObject({ hint: "the live data was not touched" });
  });

  it("names the kept data of an interrupted earlier restore instead of deleting it (exit 4), and starts the server again", async () => {
    const { context, folder, calls } = await redisStack({ swapExit: 4 });
    await expect(redisDriver.restore(context, storedRdb({ folder, context }, { keys: { db0: 3 } }))).rejects.toMatchObject({
      hint: expect.stringMatching(/^an earlier restore was interrupted before it finished: the data it replaced is in \.berth-before-restore of volume shop_cache-data; move it out/),
    });
    expect(calls().filter((call) => call.endsWith("shop-cache-1"))).toEqual(["stop shop-cache-1", "start shop-cache-1"]);
  });

  it("puts the previous data back when the restored server does not hold the backed-up keys", async () => {
    const { context, folder, calls, helpers } = await redisStack({ liveKeys: ["db0:keys=9\n"] });
    await expect(redisDriver.restore(context, storedRdb({ folder, context }, { keys: { db0: 3 } }))).rejects.toThrow("the restored data of cache did not come up as backed up (restored data differs from the backup: db0 has 9 keys, expected 3); the previous data is back");
    expect(calls().filter((call) => call.endsWith("shop-cache-1"))).toEqual(["stop shop-cache-1", "start shop-cache-1", "stop shop-cache-1", "start shop-cache-1"]);
    expect(helpers.slice(1).map((helper) => helper.Cmd?.[0])).toEqual([redisSwapScript, redisUndoScript]);
  });

  it("says where the previous data waits when putting it back fails too", async () => {
    const { context, folder } = await redisStack({ liveKeys: ["db0:keys=9\n"], undoExit: 3 });
    await expect(redisDriver.restore(context, storedRdb({ folder, context }, { keys: { db0: 3 } }))).rejects.toMatchObject({
      message: expect.stringMatching(/^putting the previous data of cache back failed \(exit 3\)/),
      hint: "the previous data is in .berth-before-restore of volume shop_cache-data",
    });
  });
});

describe("redisDriver.extension", () => {
  it("is rdb, compressed or not (an RDB is already compact)", () => {
    expect(redisDriver.extension(true)).toBe("rdb");
    expect(redisDriver.extension(false)).toBe("rdb");
  });
});
