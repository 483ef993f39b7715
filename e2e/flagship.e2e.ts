import { existsSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BufferSink } from "../src/cli/io.js";
import { runCli } from "../src/cli/main.js";
import { ARTIFACTS_DIR, saveScreenshot, withBrowser } from "./support/browser.js";
import {
  EXAMPLE,
  composeRunner,
  connectSocket,
  postNote as postNoteTo,
  run,
  secret,
  timed,
  waitFor,
  waitHealthy as waitHealthyIn,
} from "./support/flagship.js";

// The flagship example (examples/fullstack) on the real engine, driven by Debian's
// docker-compose 1.29 until `berth up` exists: build, up until healthy, REST and Socket.IO
// through nginx, two browser pages seeing a note live, Prometheus scraping the backend, down -v.

const BACKEND = join(EXAMPLE, "backend");
const PROJECT = "berthe2e-flagship";
const FRONTEND_PORT = 18300;
const PROMETHEUS_PORT = 18301;
const BASE = `http://127.0.0.1:${FRONTEND_PORT}`;

// The `monitoring` profile only where asked: `up` without it must start the app alone.
const compose = composeRunner({
  project: PROJECT,
  env: {
    FRONTEND_PORT: String(FRONTEND_PORT),
    PROMETHEUS_PORT: String(PROMETHEUS_PORT),
    APP_VERSION: "e2e",
    POSTGRES_PASSWORD: secret(),
    REDIS_PASSWORD: secret(),
  },
});
const waitHealthy = (services: string[]) => waitHealthyIn(compose, services);
const postNote = (text: string) => postNoteTo(BASE, text);

const timings: Record<string, number> = {};

describe("flagship backend unit tests (examples/fullstack/backend)", () => {
  it("pass with the example's own lockfile", async () => {
    const installed = join(BACKEND, "node_modules", ".package-lock.json");
    if (!existsSync(installed) || statSync(join(BACKEND, "package-lock.json")).mtimeMs > statSync(installed).mtimeMs) {
      await run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: BACKEND, timeout: 120_000 });
    }
    // `npm test` typechecks (tsc --noEmit), then runs vitest.
    const { stdout } = await run("npm", ["test", "--", "--reporter=dot"], {
      cwd: BACKEND,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      timeout: 120_000,
    });
    expect(stdout).toMatch(/Tests\s+\d+ passed/);
    expect(stdout).not.toMatch(/failed/);
  });
});

describe("berth check on the flagship", () => {
  it.each([[["--profile", "monitoring"]], [["-f", "compose.yaml", "-f", "compose.dev.yaml"]]])(
    "finds no error with %j",
    async (args) => {
      const [stdout, stderr] = [new BufferSink(), new BufferSink()];
      const env = { PATH: process.env["PATH"], POSTGRES_PASSWORD: secret(), REDIS_PASSWORD: secret() };
      const io = { stdout, stderr, env, cwd: EXAMPLE, isTTY: false, signal: new AbortController().signal };
      // Errors fail this test; a warning is printed for whoever adds the rule (the flagship is
      // meant to be warning-free too: fix the stack or the rule's false positive).
      const code = await runCli(["check", ...args], io);
      const output = stdout.text + stderr.text;
      if (!output.includes("no problems found")) console.warn(`berth check ${args.join(" ")}:\n${output}`);
      expect(output).toMatch(/no problems found| 0 error\(s\)/);
      expect(code).toBe(0);
    },
  );
});

describe("flagship stack on the real engine (docker-compose v1)", () => {
  beforeAll(async () => {
    await compose(["--profile", "monitoring", "down", "-v", "--remove-orphans"]);
    [, timings["buildSeconds"]] = await timed(() => compose(["build"], 600_000));
    [, timings["upToHealthySeconds"]] = await timed(async () => {
      await compose(["up", "-d", "--remove-orphans"]);
      await waitHealthy(["postgres", "redis", "backend", "frontend"]);
    });
  });

  afterEach(async (context) => {
    if (context.task.result?.state !== "fail") return;
    console.error(await compose(["ps"]).catch(String));
    console.error(await compose(["logs", "--no-color", "--tail=40"]).catch(String));
  });

  afterAll(async () => {
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await writeFile(join(ARTIFACTS_DIR, "flagship-timings.json"), `${JSON.stringify(timings, null, 2)}\n`);
    console.log("flagship timings (s):", timings);
    await compose(["--profile", "monitoring", "down", "-v", "--remove-orphans"]);
  });

  it("publishes only the frontend, on 127.0.0.1", async () => {
    const ports = (await run("docker", ["ps", "--filter", `label=com.docker.compose.project=${PROJECT}`, "--format", "{{.Names}} {{.Ports}}"])).stdout;
    const published = ports.split("\n").filter((line) => line.includes("->"));
    expect(published).toEqual([expect.stringMatching(new RegExp(`frontend_1 .*127\\.0\\.0\\.1:${FRONTEND_PORT}->8080/tcp`))]);
  });

  it("ran the migrate job once, recording both migrations", async () => {
    const applied = await compose(["exec", "-T", "postgres", "sh", "-c", 'psql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -Atc "SELECT name FROM schema_migrations ORDER BY version"']);
    expect(applied.trim().split("\n")).toEqual(["001_create_notes.sql", "002_notes_author.sql"]);
    const migrate = (await compose(["ps", "-q", "migrate"])).trim();
    expect((await run("docker", ["inspect", "-f", "{{.State.ExitCode}}", migrate])).stdout.trim()).toBe("0");
    const rerun = await compose(["run", "--rm", "--no-deps", "-T", "migrate"]);
    expect(rerun).toContain('"message":"migrations done","applied":0,"total":2');
  });

  it("refuses to start the backend on a database without the schema", async () => {
    await compose(["exec", "-T", "postgres", "sh", "-c", 'createdb -U "$POSTGRES_USER" unmigrated']);
    const result = await compose(["run", "--rm", "--no-deps", "-T", "-e", "POSTGRES_DB=unmigrated", "backend"]).then(
      (stdout) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("not applied: 001_create_notes.sql, 002_notes_author.sql");
  });

  it("serves the SPA with fallback, gzip, cache and security headers", async () => {
    const about = await fetch(`${BASE}/about`);
    expect(about.status).toBe(200);
    expect(about.headers.get("cache-control")).toBe("no-cache");
    expect(about.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(about.headers.get("x-content-type-options")).toBe("nosniff");
    const asset = /\/assets\/[^"]+\.js/.exec(await about.text())?.[0];
    expect(asset).toBeDefined();
    const js = await fetch(`${BASE}${asset}`, { headers: { "accept-encoding": "gzip" } });
    expect(js.headers.get("content-encoding")).toBe("gzip");
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect(js.headers.get("x-frame-options")).toBe("DENY");
    expect((await fetch(`${BASE}/assets/missing.js`)).status).toBe(404);
    expect(await (await fetch(`${BASE}/metrics`)).text()).not.toContain("process_cpu");
  });

  it("answers REST and pushes the note over Socket.IO through nginx", async () => {
    const socket = await connectSocket(BASE);
    try {
      const pushed = new Promise<{ note: { text: string } }>((resolve) => socket.once("note:created", resolve));
      const created = await postNote("hello over REST");
      expect(created.status).toBe(201);
      expect((await pushed).note.text).toBe("hello over REST");
      const list = (await (await fetch(`${BASE}/api/notes`)).json()) as { notes: { text: string }[] };
      expect(list.notes.map((note) => note.text)).toContain("hello over REST");
      expect(await (await fetch(`${BASE}/api/version`)).json()).toMatchObject({ version: "e2e" });
      expect((await postNote("")).status).toBe(400);
    } finally {
      socket.close();
    }
  });

  it("shows a note created in one browser page live in another", async () => {
    const text = `live note ${Date.now()}`;
    await withBrowser(async (browser) => {
      const [writer, reader] = await Promise.all([browser.newPage(), browser.newPage()]);
      const frames: string[] = [];
      reader.on("websocket", (ws) => ws.on("framereceived", (frame) => frames.push(String(frame.payload))));
      // The reader's one full load (the resync on connect); after it, only the websocket may bring notes.
      const readerSynced = reader.waitForResponse((response) => response.url().endsWith("/api/notes"));
      await Promise.all([writer.goto(BASE), reader.goto(BASE)]);
      await Promise.all([writer, reader].map((page) => page.getByTestId("status").filter({ hasText: "live" }).waitFor()));
      await readerSynced;
      let readerFetches = 0;
      reader.on("request", (request) => void (request.url().endsWith("/api/notes") && readerFetches++));
      await writer.getByTestId("text").fill(text);
      await writer.getByTestId("add").click();
      await reader.getByTestId("notes").getByText(text).waitFor({ timeout: 10_000 });
      expect(readerFetches).toBe(0);
      expect(frames.some((frame) => frame.includes("note:created") && frame.includes(text))).toBe(true);
      await saveScreenshot(reader, "flagship-live-note-reader");
      await saveScreenshot(writer, "flagship-live-note-writer");
      await reader.goto(`${BASE}/about`);
      await reader.getByTestId("about").waitFor();
    });
  });

  it("is scraped by Prometheus in the monitoring profile", async () => {
    expect((await postNote("counted by prometheus")).status).toBe(201);
    await compose(["--profile", "monitoring", "up", "-d", "prometheus"]);
    await waitHealthy(["prometheus"]);
    const api = `http://127.0.0.1:${PROMETHEUS_PORT}/api/v1`;
    type Targets = { data: { activeTargets: { labels: { job: string }; health: string }[] } };
    const target = await waitFor("backend target up", async () => {
      const body = (await (await fetch(`${api}/targets`)).json()) as Targets;
      return body.data.activeTargets.find((t) => t.labels.job === "backend" && t.health === "up");
    });
    expect(target.health).toBe("up");
    type Query = { data: { result: { value: [number, string] }[] } };
    const notes = await waitFor("notes_created_total scraped", async () => {
      const body = (await (await fetch(`${api}/query?query=notes_created_total`)).json()) as Query;
      return body.data.result[0];
    });
    expect(Number(notes.value[1])).toBeGreaterThanOrEqual(1);
  });

  it("turns not ready while Redis is down, and live updates resume after it returns", async () => {
    const ready = async () => {
      const script = "fetch('http://127.0.0.1:3000/ready').then(async (r) => console.log(r.status, await r.text()))";
      return compose(["exec", "-T", "backend", "node", "-e", script]);
    };
    await compose(["stop", "redis"]);
    expect(await ready()).toMatch(/^503 .*"redis":\{"ok":false/);
    await compose(["start", "redis"]);
    await waitHealthy(["redis", "backend"]);
    expect(await ready()).toMatch(/^200 /);
    const socket = await connectSocket(BASE);
    try {
      const pushed = new Promise<{ note: { text: string } }>((resolve) => socket.once("note:created", resolve));
      expect((await postNote("after redis restart")).status).toBe(201);
      expect((await pushed).note.text).toBe("after redis restart");
    } finally {
      socket.close();
    }
  });

  it("drains and exits 0 on SIGTERM", async () => {
    const id = (await compose(["ps", "-q", "backend"])).trim();
    await compose(["stop", "-t", "15", "backend"]);
    expect((await run("docker", ["inspect", "-f", "{{.State.ExitCode}}", id])).stdout.trim()).toBe("0");
    expect((await run("docker", ["logs", "--tail", "5", id])).stdout).toContain('"message":"shutdown complete"');
  });
});
