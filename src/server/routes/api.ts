import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Hono } from "hono";
import { listProjectContainers } from "../../deploy/list-containers.js";
import { listRuns, runDir } from "../../journal/journal.js";
import { checkFindings } from "../../verify/check-findings.js";
import { readReleases } from "../../release/release-store.js";
import { readBackups } from "../backup-summary.js";
import { whyUnavailable } from "./actions.js";
import type { ServedProject } from "../served-project.js";
import { readRunHistory } from "../run-history.js";
import { redactedJson, type ProjectEnv, type ServerContext } from "../server-context.js";
import { readServiceStatus } from "../service-status.js";

const reportTypes = { html: "text/html; charset=utf-8", json: "application/json; charset=utf-8", md: "text/markdown; charset=utf-8" } as const;
const runIdPattern = /^[0-9A-Za-z][0-9A-Za-z_-]{0,63}$/;

/** Read-only JSON about one project: `/api/projects/:project/...` (the project is resolved first). */
export function projectApi(context: ServerContext): Hono<ProjectEnv> {
  const api = new Hono<ProjectEnv>();
  api.get("/", async (c) => redactedJson(c, c.var.served, await describe(c.var.served)));
  api.get("/releases", async (c) => redactedJson(c, c.var.served, (await readReleases(c.var.served.stateDir)).reverse()));
  api.get("/services", async (c) => redactedJson(c, c.var.served, await readServiceStatus(context.engine, c.var.served)));
  // The stack's nodes and tasks on a Swarm manager; null on one engine (the dashboard then hides them).
  api.get("/swarm", async (c) => redactedJson(c, c.var.served, context.swarm === undefined ? null : await context.swarm(c.var.served.name)));
  api.get("/runs", async (c) => redactedJson(c, c.var.served, await readRunHistory(c.var.served.stateDir)));
  api.get("/verify", async (c) => redactedJson(c, c.var.served, (await readRunHistory(c.var.served.stateDir)).find((run) => run.evidence.length > 0) ?? null));
  api.get("/findings", (c) => redactedJson(c, c.var.served, checkFindings(c.var.served.project)));
  api.get("/backups", async (c) => redactedJson(c, c.var.served, await readBackups(c.var.served)));
  api.get("/runs/:run/report/:format", async (c) => {
    const { run, format } = c.req.param();
    if (!runIdPattern.test(run) || !(format in reportTypes)) return c.json({ error: "bad run id or format (html, json, md)" }, 400);
    const served = c.var.served;
    if (!(await listRuns(served.stateDir)).includes(run)) return c.json({ error: `no run ${run}` }, 404);
    const text = await readFile(join(runDir(served.stateDir, run), `report.${format}`), "utf8").catch(() => undefined);
    if (text === undefined) return c.json({ error: `run ${run} has no report` }, 404);
    c.header("Content-Type", reportTypes[format as keyof typeof reportTypes]);
    c.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    return c.body(served.redactor.text(text));
  });
  api.get("/services/:service/logs", async (c) => {
    const served = c.var.served;
    const service = c.req.param("service");
    if (!Object.hasOwn(served.project.services, service)) return c.json({ error: `no service ${service}` }, 404);
    const tail = Number(c.req.query("tail") ?? "200");
    if (!Number.isInteger(tail) || tail < 1 || tail > 5000) return c.json({ error: "tail must be a whole number from 1 to 5000" }, 400);
    const rows = await listProjectContainers(context.engine, served.name, [service]);
    const logs = await Promise.all(rows.map(async (row) => ({ container: row.name, text: (await context.engine.readLogs(row.id, { tail, timestamps: true })).map((chunk) => chunk.text).join("") })));
    return redactedJson(c, served, logs);
  });
  return api;
}

async function describe(served: ServedProject) {
  const action = async (name: "verify" | "backup" | "rollback") => {
    const reason = await whyUnavailable(served, name);
    return reason === undefined ? { available: true } : { available: false, reason };
  };
  return {
    name: served.name,
    services: Object.keys(served.project.services),
    composeFiles: served.project.meta.composeFiles,
    backupServices: served.backupServices,
    actions: { verify: await action("verify"), backup: await action("backup"), rollback: await action("rollback") },
  };
}
