import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServe } from "./support/flagship-stack.js";
import { Scenario } from "./support/scenario.js";

// Canary secrets in every place a user keeps them (.env under secret and plain names, a
// `secrets:` file, URL credentials, `--requirepass` and `redis-cli -a` on command lines, a
// password with a quote and a backslash) must appear in no output berth makes: stdout and stderr
// of every command (--json too), load errors, check excerpts, journal, report and backup files
// (manifests and the dump itself), the dashboard's API and event stream. The app logs them on purpose, as careless apps do. And the
// ordinary names around them stay readable: project ux-smalltalk, user smalltalk, database
// smalltalk_prod, image names, ports, paths.

const project = "ux-smalltalk";
const ports = { api: 18741, serve: 18742 };
const token = "e2e-redaction-token-2b7e41c9";
const root = mkdtempSync(join(tmpdir(), "berthe2e-redaction-"));
const dir = join(root, "stack");
const stateDir = join(root, "state");

const canaries = {
  POSTGRES_PASSWORD: 'pg-canary-"q\\b-71',
  REDIS_PASSWORD: "redis-canary-5d2e",
  API_TOKEN: "token-canary-8f1b",
  GREETING_WORD: "plain-canary-0c4d",
  urlPassword: "url-canary-3c9a",
  secretFile: "file-canary-6a2f",
};
const forms = Object.values(canaries).flatMap((canary) => [canary, JSON.stringify(canary).slice(1, -1)]);

const dotenv = [
  "POSTGRES_USER=smalltalk",
  "POSTGRES_DB=smalltalk_prod",
  `POSTGRES_PASSWORD='${canaries.POSTGRES_PASSWORD}'`,
  `REDIS_PASSWORD=${canaries.REDIS_PASSWORD}`,
  `API_TOKEN=${canaries.API_TOKEN}`,
  `GREETING_WORD=${canaries.GREETING_WORD}`,
  `DATABASE_URL=postgres://smalltalk:${canaries.urlPassword}@db:5432/smalltalk_prod`,
].join("\n");

// A careless app: it logs its database URL, its secret file, its token and its greeting.
const app = [
  "const fs = require('fs'); const http = require('http');",
  "console.log('starting as smalltalk with', process.env.DATABASE_URL, 'key', fs.readFileSync('/run/secrets/api_key', 'utf8').trim(), 'db password', process.env.DB_PASSWORD, 'greeting', process.env.GREETING_WORD);",
  "http.createServer((q, s) => { console.log('GET', q.url, 'token', process.env.API_TOKEN); s.end('smalltalk ok ' + process.env.GREETING_WORD); }).listen(3000, () => console.log('listening on 3000'));",
].join(" ");

const compose = `
name: ${project}
services:
  db:
    image: postgres:15
    environment:
      POSTGRES_USER: \${POSTGRES_USER}
      POSTGRES_DB: \${POSTGRES_DB}
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD}
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U smalltalk -d smalltalk_prod"]
      interval: 1s
      timeout: 3s
      retries: 30
  cache:
    image: redis:7
    command: ["redis-server", "--requirepass", "\${REDIS_PASSWORD}"]
    healthcheck:
      test: ["CMD", "redis-cli", "-a", "\${REDIS_PASSWORD}", "ping"]
      interval: 1s
      timeout: 3s
      retries: 30
  api:
    image: node:20-bookworm-slim
    command: ["node", "-e", ${JSON.stringify(app)}]
    environment:
      DATABASE_URL: \${DATABASE_URL}
      DB_PASSWORD: \${POSTGRES_PASSWORD}
      API_TOKEN: \${API_TOKEN}
      GREETING_WORD: \${GREETING_WORD}
    secrets: [api_key]
    ports: ["127.0.0.1:${ports.api}:3000"]
    depends_on:
      db: { condition: service_healthy }
      cache: { condition: service_healthy }
secrets:
  api_key:
    file: ./api_key.txt
`;

const stack = new Scenario({ project, cwd: dir, env: { BERTH_STATE_DIR: stateDir, BERTH_STABLE_MS: "500", BERTH_SERVE_TOKEN: token } });
const servers: ChildProcess[] = [];
const outputs: [string, string][] = [];

async function berth(args: string[], cwd?: string): Promise<string> {
  return (await run(args, cwd)).text;
}

async function run(args: string[], cwd?: string): Promise<{ code: number; stdout: string; text: string }> {
  const result = cwd ? await new Scenario({ ...stack.options, cwd }).berth(args) : await stack.berth(args);
  const text = result.stdout + result.stderr;
  outputs.push([`berth ${args.join(" ")} (exit ${result.code})`, text]);
  return { code: result.code, stdout: result.stdout, text };
}

function expectNoCanary(text: string, where: string): void {
  for (const form of forms) expect(text.includes(form), `a canary (${form.slice(0, 6)}…) leaked into ${where}`).toBe(false);
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function readEvents(url: string, ms: number): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  let text = "";
  try {
    const response = await fetch(url, { signal: controller.signal });
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      text += decoder.decode(chunk.value);
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
  }
  return text;
}

describe("no canary in any output, ordinary names readable", () => {
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "compose.yaml"), compose);
    writeFileSync(join(dir, ".env"), `${dotenv}\n`);
    writeFileSync(join(dir, "api_key.txt"), `${canaries.secretFile}\n`);
    await stack.cleanup();
  });

  afterAll(async () => {
    for (const child of servers) child.kill("SIGTERM");
    await stack.berth(["down", "-v"]);
    await stack.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  it("up, up --json, ps, logs, verify, report, history and check print no canary and keep the names", async () => {
    const up = await stack.step("up --json", () => run(["up", "--json", "--wait-timeout", "120"]));
    await stack.step("the stack came up, its name whole", async () => {
      expect(up.code, up.text).toBe(0);
      expect((JSON.parse(up.stdout) as { project: string }).project).toBe("ux-smalltalk");
    });
    await stack.step("the app answers (and logged its secrets)", async () => {
      expect(await (await fetch(`http://127.0.0.1:${ports.api}/`)).text()).toBe(`smalltalk ok ${canaries.GREETING_WORD}`);
    });
    const logs = await berth(["logs", "--tail", "50"]);
    await stack.step("logs are readable around the redacted values", async () => {
      expect(logs).toContain("starting as smalltalk with postgres://smalltalk:***@db:5432/smalltalk_prod key *** db password *** greeting ***");
      expect(logs).toContain("GET / token ***");
    });
    await berth(["up"]);
    const ps = await berth(["ps"]);
    await stack.step("ps names the containers and images in full", async () => {
      for (const name of ["ux-smalltalk-db-1", "ux-smalltalk-cache-1", "ux-smalltalk-api-1", "postgres:15", "redis:7"]) expect(ps).toContain(name);
    });
    await berth(["ps", "--json"]);
    await berth(["logs", "api", "--tail", "20"]);
    await berth(["verify"]);
    await berth(["verify", "--json"]);
    const md = await berth(["report", "--format", "md"]);
    await stack.step("the report is titled with the whole project name, nothing of it masked", async () => {
      expect(md).toContain("ux-smalltalk");
      expect(md).not.toContain("ux-***");
    });
    await berth(["report", "--format", "html"]);
    await berth(["report", "--format", "json"]);
    await berth(["history"]);
    const backup = await berth(["backup", "db"]);
    await stack.step("the database was backed up and drilled (its manifest is scanned with the state files)", async () => expect(backup).toContain("proven by a restore drill"));
    await berth(["backup", "--list"]);
    await berth(["check"]);
    await berth(["check", "--format", "json"]);
    for (const [where, text] of outputs) expectNoCanary(text, where);
  });

  it("writes no canary into journals, reports, backup manifests or any other state file", async () => {
    const files = filesUnder(stateDir);
    expect(files.some((file) => file.endsWith(".manifest.json"))).toBe(true);
    for (const file of files) expectNoCanary(readFileSync(file, "utf8"), file);
  });

  it("a load error quoting an .env password prints ***, and so do check's excerpts", async () => {
    const broken = join(root, "broken");
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, "compose.yaml"), 'services:\n  web:\n    image: nginx:1.22\n    ports: ["${API_TOKEN}:80"]\n    environment:\n      DATABASE_URL: postgres://smalltalk:url-canary-3c9a@db/smalltalk_prod\n');
    writeFileSync(join(broken, ".env"), `API_TOKEN=${canaries.API_TOKEN}\n`);
    for (const args of [["config"], ["up"], ["ps"], ["check"], ["check", "--format", "sarif"]]) {
      const text = await berth(args, broken);
      expectNoCanary(text, `berth ${args.join(" ")} on a broken project`);
    }
    expect(await berth(["config"], broken)).toContain('invalid port "***:80"');
  });

  it("a failing app that logs a password with a quote and a backslash: up --json quotes its log tail with *** (the JSON-escaped form too)", async () => {
    const crashing = join(root, "crashing");
    mkdirSync(crashing, { recursive: true });
    // Unhealthy rather than exiting: a failure berth sees whatever the machine's load (its diagnosis quotes the log tail).
    const crash = "console.log('connecting with', process.env.DB_PASSWORD, 'as smalltalk'); setInterval(() => undefined, 1000);";
    const healthcheck = '    healthcheck:\n      test: ["CMD", "false"]\n      interval: 1s\n      retries: 1\n';
    writeFileSync(join(crashing, "compose.yaml"), `name: ux-smalltalk-crash\nservices:\n  worker:\n    image: node:20-bookworm-slim\n    command: ["node", "-e", ${JSON.stringify(crash)}]\n${healthcheck}    environment:\n      DB_PASSWORD: \${POSTGRES_PASSWORD}\n`);
    writeFileSync(join(crashing, ".env"), `POSTGRES_PASSWORD='${canaries.POSTGRES_PASSWORD}'\n`);
    const crashStack = new Scenario({ ...stack.options, project: "ux-smalltalk-crash", cwd: crashing });
    try {
      const up = await crashStack.berth(["up", "--json", "--wait-timeout", "60"]);
      outputs.push(["berth up --json (failing app)", up.stdout + up.stderr]);
      expect(up.code, up.stdout + up.stderr).toBe(1);
      expect(up.stdout).toContain("connecting with *** as smalltalk");
      expectNoCanary(up.stdout + up.stderr, "up --json of a failing app");
    } finally {
      await crashStack.berth(["down", "-v"]);
      await crashStack.cleanup();
    }
  });

  it("the dashboard's API and event stream carry no canary and no exec event", async () => {
    const base = await stack.step("berth serve", () => startServe(stack, ["--port", String(ports.serve)], servers));
    const api = `${base}/api/projects/${project}`;
    for (const path of ["", "/services", "/runs", "/verify", "/findings", "/backups", "/releases", "/services/api/logs?tail=50", "/services/cache/logs"]) {
      const text = await (await fetch(`${api}${path}`)).text();
      expectNoCanary(text, `GET ${path || "/"}`);
    }
    // Healthchecks of db and cache run every second: 4 s would carry about 8 exec events each.
    const events = await readEvents(`${api}/events`, 4000);
    expect(events).toContain("event: hello");
    expect(events).not.toContain("exec_");
    expectNoCanary(events, "the event stream");
    const verify = await fetch(`${api}/actions/verify`, { method: "POST", headers: { "X-Berth-Token": token } });
    expectNoCanary(await verify.text(), "the verify action's answer");
  });
});
