import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker } from "./support/scenario.js";
import {
  berthUp,
  containerId,
  expectHealthy,
  getJson,
  rerun,
  runtimeOf,
  saveTimings,
  secret,
  seedFiles,
  seedStack,
  serviceOf,
  sql,
  upToHealthySeconds,
  waitFor,
  type UpRun,
} from "./support/seed-stacks.js";

// One stack per seed report (test/stacks/<name>/, see each README), built and brought up with
// `berth up --build --json` on the real engine (each healthcheck allowed 10 s: seedFiles), checked
// through its published ports, then `berth down -v`. 000, 002 and 003 must come up healthy; 004
// must fail, and berth must say why.

const timings: Record<string, Record<string, number>> = {};
const record = (stack: string, run: UpRun, healthy = true) =>
  (timings[stack] = healthy ? { buildAndUpSeconds: run.seconds, upToHealthySeconds: upToHealthySeconds(run.result) } : { buildAndUpUntilDiagnosisSeconds: run.seconds });
afterAll(() => saveTimings(timings));

describe("seed stack 000: pnpm-workspace Next.js standalone + FastAPI + migrations job + vector store", () => {
  const stack = seedStack("second-brain-000", "000", { SB_WEB_PORT: "18400", SB_API_PORT: "18401", POSTGRES_PASSWORD: secret() });
  const web = "http://127.0.0.1:18400";
  const api = "http://127.0.0.1:18401";
  let up: UpRun;
  beforeAll(async () => {
    await stack.cleanup();
    up = await berthUp(stack, await seedFiles(stack));
    record("second-brain-000", up);
  });
  afterAll(async () => {
    await stack.berth(["down", "-v"]);
    await stack.cleanup();
  });

  it("comes up healthy, the migrate job completed before the backend started", async () => {
    await stack.step("healthy", () => expectHealthy(stack, up.result, ["frontend", "backend", "postgres", "vectors"], ["migrate"]));
    expect(Date.parse(serviceOf(up.result, "backend").startedAt ?? "")).toBeGreaterThan(Date.parse(serviceOf(up.result, "migrate").startedAt ?? ""));
  });

  it("applied the numbered migrations in order, and a second run applies none", async () => {
    expect((await sql(stack, "postgres", "SELECT name FROM schema_migrations ORDER BY version")).split("\n")).toEqual([
      "001_notes.sql",
      "002_personas.sql",
      "003_seed_personas.sql",
    ]);
    const again = await rerun(stack, await containerId(stack, "migrate"));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("migrate: 0 applied, 3 already present");
  });

  it("renders the personas from Postgres on the standalone Next.js page, through the workspace package", async () => {
    const page = await (await fetch(`${web}/`)).text();
    expect(page).toContain("<li>Socratic: asks questions until the answer is yours</li>");
    expect(page.match(/<li>/g)).toHaveLength(5);
    const command = await docker(["inspect", "-f", "{{json .Config.Cmd}}", await containerId(stack, "frontend")]);
    expect(JSON.parse(command)).toEqual(["node", "apps/web/server.js"]);
  });

  it("stores notes in Postgres and finds them through the vector store, whose data is on its volume", async () => {
    await getJson(`${api}/notes`, { method: "POST", body: JSON.stringify({ title: "docker prune", body: "the build cache was corrupt" }) });
    await getJson(`${api}/notes`, { method: "POST", body: JSON.stringify({ title: "personas", body: "socratic coach contrarian" }) });
    const search = await getJson<{ hits: { payload: { title: string } }[] }>(`${api}/notes/search?q=corrupt+build+cache&limit=1`);
    expect(search.hits.map((hit) => hit.payload.title)).toEqual(["docker prune"]);
    expect(await sql(stack, "postgres", "SELECT count(*) FROM notes")).toBe("2");
    expect(await docker(["exec", await containerId(stack, "vectors"), "cat", "/data/notes.json"])).toContain('"title": "docker prune"');
  });
});

describe("seed stack 002: FastAPI + Vite behind nginx + Postgres init SQL + bootstrap guard + vector store", () => {
  const stack = seedStack("autopack-002", "002", { AUTOPACK_PORT: "18420", POSTGRES_PASSWORD: secret() });
  const base = "http://127.0.0.1:18420";
  let up: UpRun;
  beforeAll(async () => {
    await stack.cleanup();
    up = await berthUp(stack, await seedFiles(stack));
    record("autopack-002", up);
  });
  afterAll(async () => {
    await stack.berth(["down", "-v"]);
    await stack.cleanup();
  });

  it("comes up healthy, the bootstrap job completed before the backend started", async () => {
    await stack.step("healthy", () => expectHealthy(stack, up.result, ["frontend", "backend", "db", "vectors"], ["bootstrap"]));
    expect(await sql(stack, "db", "SELECT extname FROM pg_extension WHERE extname = 'uuid-ossp'")).toBe("uuid-ossp");
  });

  it("serves the Vite build and the API through nginx, with security headers, publishing nothing else", async () => {
    const index = await fetch(`${base}/`);
    expect(index.headers.get("x-content-type-options")).toBe("nosniff");
    const asset = /\/assets\/index-[\w-]+\.js/.exec(await index.text())?.[0];
    expect(asset).toBeDefined();
    const script = await fetch(`${base}${asset}`);
    expect(script.headers.get("x-frame-options")).toBe("DENY");
    expect(await script.text()).toContain("/api/runs");
    const { runs } = await getJson<{ runs: { name: string }[] }>(`${base}/api/runs`);
    expect(runs.map((run) => run.name).sort()).toEqual(["docs-refresh", "first-build"]);
    const ports = await docker(["ps", "--filter", `label=com.docker.compose.project=${stack.options.project}`, "--format", "{{.Ports}}"]);
    expect(ports.split("\n").filter((line) => line.includes("->"))).toEqual(["127.0.0.1:18420->80/tcp"]);
  });

  it("refuses to bootstrap twice (changing nothing), without AUTOPACK_DB_BOOTSTRAP=1, or over tables it did not create", async () => {
    const again = await rerun(stack, await containerId(stack, "bootstrap"));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/bootstrap: refused, already bootstrapped at .* nothing changed/);
    const { network, env, image } = await runtimeOf(stack, "backend");
    const unguarded = await stack.command("docker", ["run", "--rm", "--network", network, "-e", `DATABASE_URL=${env["DATABASE_URL"]}`, image, "python3", "-m", "autopack.bootstrap"]);
    expect(unguarded.code).toBe(2);
    expect(unguarded.stdout).toContain("refused, set AUTOPACK_DB_BOOTSTRAP=1");
    expect(await sql(stack, "db", "SELECT count(*) FROM runs")).toBe("2");
    await sql(stack, "db", "CREATE DATABASE foreign_tables");
    const foreign = (env["DATABASE_URL"] ?? "").replace(/\/[^/]+$/, "/foreign_tables");
    await stack.command("docker", ["exec", await containerId(stack, "db"), "sh", "-c", 'psql -U "$POSTGRES_USER" -d foreign_tables -c "CREATE TABLE legacy (id int)"']);
    const onForeign = await stack.command("docker", ["run", "--rm", "--network", network, "-e", `DATABASE_URL=${foreign}`, "-e", "AUTOPACK_DB_BOOTSTRAP=1", image, "python3", "-m", "autopack.bootstrap"]);
    expect(onForeign.code).toBe(1);
    expect(onForeign.stdout).toContain("refused, the database has tables but no bootstrap record");
  });

  it("the API fails fast on a database without the schema", async () => {
    await sql(stack, "db", "CREATE DATABASE unbootstrapped");
    const { network, env, image } = await runtimeOf(stack, "backend");
    const url = (env["DATABASE_URL"] ?? "").replace(/\/[^/]+$/, "/unbootstrapped");
    const started = await stack.command("timeout", ["60", "docker", "run", "--rm", "--network", network, "-e", `DATABASE_URL=${url}`, "-e", "AUTOPACK_VECTOR_URL=http://vectors:6333", image]);
    expect(started.code).not.toBe(0);
    expect(started.stdout + started.stderr).toContain("database schema is missing; run the bootstrap job once");
  });

  it("remembers and recalls through the vector store", async () => {
    await getJson(`${base}/api/memory`, { method: "POST", body: JSON.stringify({ text: "qdrant snapshot backup" }) });
    await getJson(`${base}/api/memory`, { method: "POST", body: JSON.stringify({ text: "nginx security headers" }) });
    const { hits } = await getJson<{ hits: { payload: { text: string } }[] }>(`${base}/api/memory/search?q=backup+snapshot&limit=1`);
    expect(hits.map((hit) => hit.payload.text)).toEqual(["qdrant snapshot backup"]);
  });
});

describe("seed stack 003: TypeScript app with a separate health/metrics port + Redis + Postgres + Prometheus profile", () => {
  const stack = seedStack("smalltalk-003", "003", {
    SMALLTALK_PORT: "18440",
    SMALLTALK_HEALTH_PORT: "18441",
    SMALLTALK_PROMETHEUS_PORT: "18442",
    POSTGRES_PASSWORD: secret(),
    REDIS_PASSWORD: secret(),
  });
  const api = "http://127.0.0.1:18440";
  const health = "http://127.0.0.1:18441";
  let up: UpRun;
  beforeAll(async () => {
    await stack.cleanup();
    up = await berthUp(stack, [...(await seedFiles(stack)), "--profile", "monitoring"]);
    record("smalltalk-003", up);
  });
  afterAll(async () => {
    await stack.berth(["down", "-v"]);
    await stack.cleanup();
  });

  it("comes up healthy with the monitoring profile", async () => {
    await stack.step("healthy", () => expectHealthy(stack, up.result, ["app", "redis", "postgres", "prometheus"], []));
  });

  it("keeps sessions in Postgres with Redis in front", async () => {
    expect(await getJson(`${api}/`)).toMatchObject({ name: "SmallTalk", status: "running" });
    const session = await getJson<{ id: string }>(`${api}/sessions`, { method: "POST", body: JSON.stringify({ user: "ada" }) });
    expect(await getJson(`${api}/sessions/${session.id}`)).toMatchObject({ source: "cache", session: { userName: "ada" } });
    expect(await getJson(`${api}/sessions/${session.id}/messages`, { method: "POST", body: JSON.stringify({ text: "hello" }) })).toEqual({ messages: 1 });
    expect(await getJson(`${api}/sessions/${session.id}`)).toMatchObject({ source: "db", session: { messages: 1 } });
  });

  it("serves health and metrics on their own port only", async () => {
    expect(await getJson(`${health}/healthz`)).toEqual({ status: "alive" });
    expect(await getJson(`${health}/ready`)).toEqual({ ready: true });
    expect(await getJson(`${health}/health`)).toMatchObject({ status: "healthy", services: { postgres: { status: "up" }, redis: { status: "up" } } });
    expect(await (await fetch(`${health}/metrics`)).text()).toMatch(/^smalltalk_sessions_created_total [1-9]/m);
    expect((await fetch(`${api}/metrics`)).status).toBe(404);
    expect((await fetch(`${health}/sessions`)).status).toBe(404);
  });

  it("Prometheus scrapes the app's metrics port", async () => {
    const query = (q: string) => getJson<{ data: { result: { value: [number, string] }[] } }>(`http://127.0.0.1:18442/api/v1/query?query=${encodeURIComponent(q)}`);
    const up = await waitFor("the smalltalk target up", async () => ((await query('up{job="smalltalk"}')).data.result[0]?.value[1] === "1" ? true : undefined));
    expect(up).toBe(true);
    const created = await waitFor("sessions counter scraped", async () => (await query("smalltalk_sessions_created_total")).data.result[0]?.value[1]);
    expect(Number(created)).toBeGreaterThanOrEqual(1);
  });
});

describe("seed stack 004: a service crash-looping with empty logs, Postgres and a vector store to back up", () => {
  const stack = seedStack("aidb-004", "004", { AIDB_PORT: "18466", AIDB_VECTORS_PORT: "18465", POSTGRES_PASSWORD: secret() });
  const vectors = "http://127.0.0.1:18465";
  let up: UpRun;
  beforeAll(async () => {
    await stack.cleanup();
    up = await berthUp(stack, await seedFiles(stack));
    record("aidb-004", up, false);
  });
  afterAll(async () => {
    await stack.berth(["down", "-v"]);
    await stack.cleanup();
  });

  it("berth up fails and diagnoses the silent crash loop of aidb, with what a diagnostic rerun printed", async () => {
    expect(up.code).toBe(1);
    expect(up.result.ok).toBe(false);
    const codes = serviceOf(up.result, "aidb").diagnoses.map((d) => d.code);
    console.log("aidb-004 diagnoses:", serviceOf(up.result, "aidb").diagnoses.map((d) => `${d.code}: ${d.message} (hint: ${d.hint})`));
    expect(codes, JSON.stringify(serviceOf(up.result, "aidb"), null, 2)).toEqual(expect.arrayContaining(["no-output", "crash-loop"]));
    // The diagnostic rerun traces the entrypoint script and shows the log file it wrote: the cause.
    const rerun = JSON.stringify(serviceOf(up.result, "aidb").diagnoses.find((d) => d.code === "no-output")?.evidence["diagnosticRun"]);
    expect(rerun).toContain("exec python3 -m server");
    expect(rerun).toContain("ModuleNotFoundError: No module named 'health_check'");
    for (const name of ["postgres", "vectors"]) expect(serviceOf(up.result, name).health, name).toBe("healthy");
  });

  it("reproduces report 004: empty container logs, the cause only in the file the entrypoint writes", async () => {
    const id = await containerId(stack, "aidb");
    expect(await docker(["logs", id])).toBe("");
    const volume = (await docker(["volume", "ls", "-q", "--filter", `label=com.docker.compose.project=${stack.options.project}`])).split("\n").find((name) => name.endsWith("_aidb_logs"));
    const log = await docker(["run", "--rm", "-v", `${volume}:/logs:ro`, "debian:bookworm-slim", "cat", "/logs/server.log"]);
    expect(log).toContain("ModuleNotFoundError: No module named 'health_check'");
  });

  it("has Postgres rows and vectors that a backup can reach", async () => {
    const dump = await stack.command("docker", ["exec", await containerId(stack, "postgres"), "sh", "-c", 'pg_dump -U "$POSTGRES_USER" -d "$POSTGRES_DB" --no-owner --no-acl']);
    expect(dump.stdout).toMatch(/^COPY public\.documents .* FROM stdin;\n1\tbackup runbook\t/m);
    const snapshot = await getJson<{ points: Record<string, unknown> }>(`${vectors}/collections/documents/snapshot`);
    expect(Object.keys(snapshot.points).sort()).toEqual(["1", "2", "3"]);
    const restored = await getJson(`${vectors}/collections/documents/snapshot`, { method: "PUT", body: JSON.stringify(snapshot) });
    expect(restored).toEqual({ name: "documents", size: 4, points_count: 3 });
  });

  it("the rebuild of compose.fixed.yaml comes up healthy and serves the same data", async () => {
    const fixed = await berthUp(stack, await seedFiles(stack, ["compose.yaml", "compose.fixed.yaml"]));
    timings["aidb-004 (fixed)"] = { buildAndUpSeconds: fixed.seconds };
    await stack.step("healthy", () => expectHealthy(stack, fixed.result, ["aidb", "postgres", "vectors"], ["vectors-seed"]));
    const { documents } = await getJson<{ documents: { title: string }[] }>("http://127.0.0.1:18466/documents");
    expect(documents.map((d) => d.title)).toEqual(["backup runbook", "vector snapshots", "rollback"]);
  });
});
