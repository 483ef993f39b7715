import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeEngine } from "../../engine/fake-engine.js";
import { composeLabel } from "../../engine/labels.js";
import { openJournal, runDir } from "../../journal/journal.js";
import { testProject } from "../../plan/test-project.js";
import { createApp } from "../app.js";
import { serveProject, type ServedProject } from "../served-project.js";
import type { ActionResult, ServerActions } from "../server-context.js";

/** Secrets planted where a careless server would echo them: env, logs, journal, report, action results. */
export const canaries = { token: "canary-apitoken-5e1f0a", password: "canary-dbpass-91c4d2" } as const;
export const TOKEN = "test-token-0123456789";
export const RUN_ID = "20261123T080000Z-abc123";

/** A project `shop` (web with a healthcheck, db postgres) running on a FakeEngine, with one verify run on disk. */
export async function serverFixture(actions?: Partial<ServerActions>) {
  const logs: Record<string, string> = { "shop-web-1": `GET /api?token=${canaries.token}\n`, "shop-db-1": `auth with ${canaries.password}\n` };
  const engine = new FakeEngine({ images: ["nginx:1.22", "postgres:15"], behave: (request) => ({ logs: [{ stream: "stdout", text: logs[request.name] ?? "" }] }) });
  const project = testProject("shop", {
    web: { image: "nginx:1.22", environment: { API_TOKEN: canaries.token } },
    db: { image: "postgres:15", environment: { POSTGRES_PASSWORD: canaries.password } },
  });
  const state = mkdtempSync(join(tmpdir(), "berth-serve-test-"));
  const served = serveProject(project, { BERTH_STATE_DIR: state, HOME: state }, state);
  const web = await runContainer(engine, "shop-web-1", "web", "nginx:1.22", true);
  await runContainer(engine, "shop-db-1", "db", "postgres:15", false);
  await writeRun(served);
  const calls: string[] = [];
  const record = (name: string) => async (): Promise<ActionResult> => {
    calls.push(name);
    return { ok: true, summary: `${name} done`, runId: RUN_ID, detail: { echoed: `password=${canaries.password}` } };
  };
  const allActions: ServerActions = { verify: record("verify"), backup: record("backup"), rollback: record("rollback"), ...actions };
  const app = createApp({ engine, projects: [served], token: TOKEN, actions: allActions, allowedHosts: ["localhost", "127.0.0.1:7010", "localhost:7010"] });
  return { app, engine, served, web, calls };
}

async function runContainer(engine: FakeEngine, name: string, service: string, image: string, healthcheck: boolean): Promise<string> {
  const id = await engine.createContainer({
    name,
    Image: image,
    Labels: { [composeLabel.project]: "shop", [composeLabel.service]: service, [composeLabel.number]: "1" },
    ...(healthcheck ? { Healthcheck: { Test: ["CMD", "true"] } } : {}),
  });
  await engine.startContainer(id);
  return id;
}

// A journal and report written without redaction: the server must still never send the canaries.
async function writeRun(served: ServedProject): Promise<void> {
  const journal = await openJournal(served.stateDir, RUN_ID);
  await journal.append({ type: "run-started", runId: RUN_ID, command: "verify", project: "shop", composeFiles: [] });
  const evidence = { probe: "api", kind: "http", target: "GET /api", ok: true, summary: `200 with token ${canaries.token}`, failures: [], facts: {}, startedAt: "2026-11-23T08:00:00.000Z", durationMs: 5 } as const;
  await journal.append({ type: "evidence", evidence });
  await journal.append({ type: "run-finished", ok: true });
  mkdirSync(runDir(served.stateDir, RUN_ID), { recursive: true });
  writeFileSync(join(runDir(served.stateDir, RUN_ID), "report.html"), `<html><body>verdict pass; DB_PASSWORD=${canaries.password}</body></html>`);
}
