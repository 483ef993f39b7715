import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, Scenario } from "./support/scenario.js";

// `berth up/ps/logs/down` on the real engine with the four-service acceptance stack:
// nginx -> Node backend -> Postgres + Redis, plus a one-shot migration job.

const stack = new Scenario({
  project: "berthe2e-up-four",
  cwd: join(import.meta.dirname, "stacks", "four-service"),
  // HC_INTERVAL: the engine's first healthcheck runs one interval after start, and berth must call
  // the backend healthy before it; 10 s leaves room for a node start while other e2e files run.
  env: { FRONTEND_PORT: "18100", HC_INTERVAL: "10s", BERTH_STABLE_MS: "1000" },
});

interface UpJson {
  ok: boolean;
  project: string;
  services: { service: string; state: string; health: string; startedAt: string | null; healthyAt: string | null; diagnoses: { code: string }[] }[];
}

async function up(args: string[] = [], env: Record<string, string> = {}): Promise<UpJson> {
  const result = await stack.berth(["up", "--json", ...args], env);
  if (result.code !== 0) throw new Error(`berth up exited ${result.code}: ${result.stdout}${result.stderr}`);
  return JSON.parse(result.stdout) as UpJson;
}

/** Container id and start time of every service, to tell "touched" from "left alone". */
async function containerIdentities(): Promise<Record<string, string>> {
  const out = await docker(["ps", "-a", "--filter", "label=com.docker.compose.project=berthe2e-up-four", "--format", '{{.Label "com.docker.compose.service"}} {{.ID}}']);
  const entries = out.split("\n").filter(Boolean).map((line) => line.split(" ") as [string, string]);
  const started = await Promise.all(entries.map(([, id]) => docker(["inspect", "-f", "{{.State.StartedAt}}", id])));
  return Object.fromEntries(entries.map(([service, id], i) => [service, `${id}@${started[i]?.trim()}`]));
}

async function migrationRuns(): Promise<number> {
  const out = await docker(["exec", "berthe2e-up-four-postgres-1", "psql", "-U", "app", "-d", "app", "-tAc", "SELECT count(*) FROM migration_runs"]);
  return Number(out.trim());
}

describe("berth up on the four-service stack", () => {
  let cold: UpJson | undefined;
  beforeAll(async () => stack.cleanup());
  afterAll(async () => {
    await stack.berth(["down", "-v", "--rmi", "local"]);
    await stack.cleanup();
    await docker(["rmi", ...["frontend", "backend", "migrate"].map((service) => `berthe2e-four-${service}:dev`)]);
  });

  it("comes up healthy from cold, with the migration completed before the backend", async () => {
    const result = await stack.step("cold up", () => up());
    cold = result;
    await stack.step("every service ready", async () => {
      expect(result.ok).toBe(true);
      const byName = Object.fromEntries(result.services.map((s) => [s.service, s]));
      for (const name of ["frontend", "backend", "postgres", "redis"]) expect(byName[name]?.health, name).toBe("healthy");
      expect(byName["migrate"]?.state).toBe("exited");
      const backendStart = Date.parse(byName["backend"]?.startedAt ?? "");
      const migrateStart = Date.parse(byName["migrate"]?.startedAt ?? "");
      expect(backendStart).toBeGreaterThan(migrateStart);
    });
    await stack.step("the frontend proxies to the backend", async () => {
      const response = await fetch("http://127.0.0.1:18100/api/hello");
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ message: "hello from the backend" });
    });
  });

  it("calls the backend healthy by its own probes, before the engine's first check (one interval after start)", async () => {
    const ps = JSON.parse((await stack.berth(["ps", "--json"])).stdout) as { service: string }[];
    // frontend-edge: the port holder that publishes the frontend's port (docs/rollout.md).
    expect(ps.map((row) => row.service).sort()).toEqual(["backend", "frontend", "frontend-edge", "migrate", "postgres", "redis"]);
    const healthyAt = Date.parse(cold?.services.find((s) => s.service === "backend")?.healthyAt ?? "");
    const log = JSON.parse(await docker(["inspect", "-f", "{{json .State.Health.Log}}", "berthe2e-up-four-backend-1"])) as { Start: string }[] | null;
    const firstEngineCheck = log?.[0] ? Date.parse(log[0].Start) : Number.POSITIVE_INFINITY;
    // Not a timing budget: an ordering. The engine's first check starts one interval after start.
    expect(healthyAt).toBeLessThan(firstEngineCheck);
  });

  it("touches nothing on a second up", async () => {
    const before = await containerIdentities();
    const result = await stack.step("second up", () => up());
    await stack.step("same containers, same start times", async () => {
      expect(result.ok).toBe(true);
      expect(await containerIdentities()).toEqual(before);
    });
  });

  it("recreates only the changed service", async () => {
    const before = await containerIdentities();
    await stack.step("up with a new frontend environment", () => up([], { GREETING: "changed" }));
    const after = await containerIdentities();
    await stack.step("only the frontend is new", async () => {
      expect(after["frontend"]).not.toEqual(before["frontend"]);
      for (const service of ["backend", "migrate", "postgres", "redis"]) expect(after[service], service).toEqual(before[service]);
    });
  });

  it("rebuilds with --build and recreates only the service whose image changed", async () => {
    // Baseline: images as berth builds them (a peer tool's build may differ in cache keys).
    await stack.step("up --build", () => up(["--build"], { GREETING: "changed" }));
    const before = await containerIdentities();
    await stack.step("up --build with unchanged sources", () => up(["--build"], { GREETING: "changed" }));
    await stack.step("nothing recreated", async () => expect(await containerIdentities()).toEqual(before));
    await stack.step("up --build with a new frontend build arg", () => up(["--build"], { GREETING: "changed", BUILD_TAG: "2" }));
    const after = await containerIdentities();
    await stack.step("only the frontend is new", async () => {
      expect(after["frontend"]).not.toEqual(before["frontend"]);
      for (const service of ["backend", "migrate", "postgres", "redis"]) expect(after[service], service).toEqual(before[service]);
    });
  });

  it("is visible to docker-compose ps, and berth ps / logs show it", async () => {
    const composePs = await stack.command("docker-compose", ["-p", "berthe2e-up-four", "ps"], { GREETING: "changed" });
    await stack.step("docker-compose lists berth's containers", async () => {
      expect(composePs.code).toBe(0);
      for (const service of ["frontend", "backend", "postgres", "redis", "migrate"]) expect(composePs.stdout).toContain(`berthe2e-up-four-${service}-1`);
    });
    const ps = await stack.berth(["ps"]);
    expect(ps.stdout).toMatch(/berthe2e-up-four-backend-1\s+backend\s+Up/);
    const logs = await stack.berth(["logs", "--tail", "5", "backend"]);
    expect(logs.stdout).toContain("backend-1 | listening on 3000");
  });

  it("follows logs until Ctrl-C", async () => {
    const follow = stack.startBerth(["logs", "-f", "--tail", "1", "backend"]);
    await new Promise<void>((resolve) => follow.child.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("listening") && resolve()));
    follow.child.kill("SIGINT");
    const result = await follow.done;
    await stack.step("logs -f printed and stopped cleanly", async () => {
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("backend-1 | listening on 3000");
    });
  });

  it("warns about an orphan and removes it with --remove-orphans", async () => {
    const env = { GREETING: "changed" };
    await stack.step("up with an extra service", () => up(["-f", "compose.yaml", "-f", "compose.worker.yaml"], env));
    const warned = await stack.step("up without it warns", () => up([], env));
    await stack.step("the orphan is named and left alone", async () => {
      expect((warned as UpJson & { warnings: string[] }).warnings.join("\n")).toContain("orphan container berthe2e-up-four-worker-1");
      expect(await containerIdentities()).toHaveProperty("worker");
    });
    await stack.step("--remove-orphans removes it", async () => {
      await up(["--remove-orphans"], env);
      expect(await containerIdentities()).not.toHaveProperty("worker");
    });
  });

  it("keeps data on down and removes it with down -v", async () => {
    expect(await migrationRuns()).toBe(1);
    await stack.step("down keeps volumes", async () => {
      const down = await stack.berth(["down"]);
      expect(down.code).toBe(0);
      expect(await docker(["volume", "ls", "-q", "--filter", "label=com.docker.compose.project=berthe2e-up-four"])).toContain("berthe2e-up-four_pgdata");
    });
    await stack.step("up again sees the old data", async () => {
      await up([], { GREETING: "changed" });
      expect(await migrationRuns()).toBe(2);
    });
    await stack.step("down -v removes volumes", async () => {
      expect((await stack.berth(["down", "-v"])).code).toBe(0);
      expect((await docker(["volume", "ls", "-q", "--filter", "label=com.docker.compose.project=berthe2e-up-four"])).trim()).toBe("");
      expect((await docker(["ps", "-aq", "--filter", "label=com.docker.compose.project=berthe2e-up-four"])).trim()).toBe("");
    });
  });
});
