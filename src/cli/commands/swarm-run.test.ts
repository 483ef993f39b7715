import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../common/errors.js";
import { loadInline } from "../../compose/testing/inline-project.js";
import type { Engine } from "../../engine/engine.js";
import { FakeSwarmPort } from "../../swarm/fake-swarm-port.js";
import { testIO } from "../testing/test-io.js";
import { runSwarmDown } from "./swarm-down.js";
import { runSwarmUp } from "./swarm-up.js";

// up and down on the Swarm target as the CLI runs them (lock, journal, history, output, exit
// code), against the in-memory manager; e2e/swarm.e2e.ts runs the same on a real cluster.
const yaml = `services:
  web:
    image: nginx:1.22
    depends_on: [db]
    healthcheck: { test: [CMD, "true"] }
  db:
    image: redis:7
    healthcheck: { test: [CMD, "true"] }
`;

/** The container event stream the run's journal listens to: none on a manager. */
const engine = { events: async function* () {} } as unknown as Engine;

function setup(scripts: ConstructorParameters<typeof FakeSwarmPort>[0] = {}) {
  const stateRoot = mkdtempSync(join(tmpdir(), "berth-swarm-run-"));
  const project = loadInline(yaml, { projectName: "shop" });
  const { io, stdout, stderr } = testIO(project.meta.workingDir, { BERTH_STATE_DIR: stateRoot });
  return { port: new FakeSwarmPort(scripts), project, io, stdout, stderr, stateDir: join(stateRoot, "shop") };
}

function journalOf(stateDir: string): { type: string; service?: string; operation?: string; outcome?: string }[] {
  const [run] = readdirSync(join(stateDir, "runs"));
  const dir = join(stateDir, "runs", run ?? "");
  const file = readdirSync(dir).find((name) => name.endsWith(".jsonl")) ?? "";
  return readFileSync(join(dir, file), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { type: string });
}

describe("runSwarmUp", () => {
  it("refuses options with no Swarm meaning yet, and service arguments, before asking the manager anything", async () => {
    const { port, project, io } = setup();
    const failure = await runSwarmUp({ project, engine }, port, ["web"], { verify: true, build: true }, io).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UsageError);
    // --verify is accepted (it verifies once the stack is ready): only --build and the services are refused.
    expect((failure as Error).message).toBe("--build, SERVICE arguments: not supported by berth's Swarm target yet");
    expect(port.calls).toEqual([]);
    // --no-build says what the Swarm target does anyway: accepted.
    expect(await runSwarmUp({ project, engine }, port, [], { build: false, dryRun: true }, io)).toBe(0);
  });

  it("--dry-run prints each service in gate order and changes nothing", async () => {
    const { port, project, io, stdout } = setup();
    expect(await runSwarmUp({ project, engine }, port, [], { dryRun: true }, io)).toBe(0);
    expect(stdout.text).toMatch(/^would create service shop_db\nwould create service shop_web \(after db is ready\)\nshop: dry run on the Swarm manager .*, nothing changed\n$/);
    expect(port.calls).toEqual([]);
  });

  it("deploys under a journal with a step per service in gate order, prints the summary and exits 0", async () => {
    const { port, project, io, stdout, stateDir } = setup();
    expect(await runSwarmUp({ project, engine }, port, [], {}, io)).toBe(0);
    expect(stdout.text).toContain("shop: deploying as a stack through the Swarm manager\n");
    expect(stdout.text).toContain("shop: 2 service(s) ready on the Swarm\n");
    const journal = journalOf(stateDir);
    expect(journal[0]).toMatchObject({ type: "run-started", command: "up (swarm)" });
    expect(journal.filter((entry) => entry.type === "step").map((entry) => [entry.service, entry.operation, entry.outcome])).toEqual([
      ["db", "create service", "ok"],
      ["web", "create service", "ok"],
    ]);
    expect(journal.at(-1)).toMatchObject({ type: "run-finished", ok: true });
  });

  it("exits 1 on a failed service, journals its diagnosis, and --json prints the result on stdout only", async () => {
    const crash = () => [1, 2, 3].map((index) => ({ ID: `t${index}`, NodeID: "n2", DesiredState: "shutdown", Status: { State: "failed", Err: "task: non-zero exit (1)" } }));
    const { port, project, io, stdout, stderr, stateDir } = setup({ shop_db: crash });
    expect(await runSwarmUp({ project, engine }, port, [], { json: true }, io)).toBe(1);
    const result = JSON.parse(stdout.text) as { ok: boolean; services: { service: string; action: string; diagnosis?: { code: string } }[] };
    expect(result.ok).toBe(false);
    expect(result.services.map((outcome) => [outcome.service, outcome.action, outcome.diagnosis?.code])).toEqual([
      ["db", "created", "crash-loop"],
      ["web", "not-applied", undefined],
    ]);
    expect(stderr.text).toContain("db: failed: db keeps failing: 3 tasks failed since this deploy, the last on node node-2");
    const journal = journalOf(stateDir);
    expect(journal.filter((entry) => entry.type === "diagnosis").map((entry) => entry.service)).toEqual(["db"]);
    expect(journal.find((entry) => entry.service === "web" && entry.type === "step")).toMatchObject({ operation: "skip service", outcome: "skipped" });
    expect(journal.at(-1)).toMatchObject({ type: "run-finished", ok: false });
  });
});

describe("runSwarmDown", () => {
  it("removes the stack, records it in history and prints what it removed", async () => {
    const { port, project, io, stdout, stateDir } = setup();
    await runSwarmUp({ project, engine }, port, [], { quiet: true }, io);
    stdout.text = "";
    expect(await runSwarmDown("shop", port, {}, io)).toBe(0);
    expect(stdout.text).toContain("shop: removed 2 service(s), 1 network(s), 0 secret(s), 0 config(s), 0 volume(s)\n");
    expect(await port.services("shop")).toEqual([]);
    const history = readFileSync(join(stateDir, "releases.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { command: string; outcome: string; note: string });
    expect(history.at(-1)).toMatchObject({ command: "down", outcome: "done", note: "removed 2 services, 1 network (swarm)" });
  });

  it("--dry-run lists the services and removes nothing; --rmi is refused", async () => {
    const { port, project, io, stdout } = setup();
    await runSwarmUp({ project, engine }, port, [], { quiet: true }, io);
    port.calls.length = 0;
    expect(await runSwarmDown("shop", port, { dryRun: true }, io)).toBe(0);
    expect(stdout.text).toContain("would remove service shop_db\nwould remove service shop_web\n");
    expect(port.calls).toEqual([]);
    await expect(runSwarmDown("shop", port, { rmi: "all" }, io)).rejects.toThrow("--rmi: not supported by berth's Swarm target (images live on each node)");
  });
});
