import type { Engine } from "../../engine/engine.js";
import type { Release } from "../../release/release.js";
import { readReleases } from "../../release/release-store.js";
import { readBackups, type BackupSummary } from "../backup-summary.js";
import { isDeployment, isRollback, readRunHistory, type RunSummary } from "../run-history.js";
import type { ServedProject } from "../served-project.js";
import { isServiceUp, readServiceStatus, type ServiceStatus } from "../service-status.js";
import type { SwarmSource } from "../swarm-view.js";
import type { MetricFamily, MetricSample } from "./prom-text.js";
import { swarmFamilies } from "./swarm-metrics.js";

interface ProjectFacts {
  readonly project: string;
  readonly services: readonly ServiceStatus[];
  readonly runs: readonly RunSummary[];
  readonly backups: readonly BackupSummary[];
  readonly releases: readonly Release[];
}

/**
 * Reads what every metric needs, per project, at scrape time (nothing is kept between scrapes);
 * with a Swarm source on a manager, the nodes and tasks of each project's stack too.
 */
export async function collectMetrics(engine: Engine, projects: readonly ServedProject[], swarm?: SwarmSource): Promise<MetricFamily[]> {
  const facts = await Promise.all(
    projects.map(async (served) => ({
      project: served.name,
      services: await readServiceStatus(engine, served),
      runs: await readRunHistory(served.stateDir, 1000),
      backups: await readBackups(served),
      releases: await readReleases(served.stateDir),
    })),
  );
  const stacks = swarm === undefined ? [] : await Promise.all(projects.map(async (served) => ({ project: served.name, overview: await swarm(served.name) })));
  return [...metricFamilies(facts), ...swarmFamilies(stacks.flatMap(({ project, overview }) => (overview === null ? [] : [{ project, overview }])))];
}

/** The families berth exposes; every sample carries its `project` label. */
export function metricFamilies(facts: readonly ProjectFacts[]): MetricFamily[] {
  const each = (fn: (f: ProjectFacts) => MetricSample[]) => facts.flatMap(fn);
  return [
    gauge("berth_service_up", "1 when every container of the service is healthy (or running without a healthcheck, or a completed job), else 0.", each(serviceUp)),
    gauge("berth_service_containers", "Containers of the service by state (healthy, running, completed, starting, unhealthy, stopped).", each(containersByState)),
    counter("berth_service_restarts_total", "Restarts of the service's containers, as the engine counts them.", each(restarts)),
    counter("berth_deployments_total", "Deployments recorded as releases (berth up that changed something), by outcome.", each((f) => releaseCounts(f, "up"))),
    counter("berth_rollbacks_total", "Rollbacks recorded as releases (berth rollback), by outcome.", each((f) => releaseCounts(f, "rollback"))),
    gauge("berth_deployment_last_duration_seconds", "Duration of the latest finished deployment run (from its journal).", each((f) => lastDuration(f, f.runs.filter(isDeployment)))),
    gauge("berth_rollback_last_duration_seconds", "Duration of the latest finished rollback run (from its journal).", each((f) => lastDuration(f, f.runs.filter(isRollback)))),
    gauge("berth_backup_last_success_timestamp_seconds", "When the latest backup of the service that was not disproven by its drill was taken.", each(lastBackup)),
    gauge("berth_backup_drill_last_success_timestamp_seconds", "When a restore drill last proved a backup of the service.", each(lastDrill)),
    gauge("berth_probe_ok", "Result of each probe in the latest verify run: 1 passed, 0 failed.", each(probeResults)),
    gauge("berth_probe_last_run_timestamp_seconds", "When the latest run with probe results started.", each(lastProbeRun)),
  ];
}

const gauge = (name: string, help: string, samples: MetricSample[]): MetricFamily => ({ name, help, type: "gauge", samples });
const counter = (name: string, help: string, samples: MetricSample[]): MetricFamily => ({ name, help, type: "counter", samples });
const seconds = (iso: string): number => Date.parse(iso) / 1000;

function serviceUp(f: ProjectFacts): MetricSample[] {
  return f.services.map((s) => ({ labels: { project: f.project, service: s.service }, value: isServiceUp(s.state) ? 1 : 0 }));
}

function containersByState(f: ProjectFacts): MetricSample[] {
  const states = ["healthy", "running", "completed", "starting", "unhealthy", "stopped"] as const;
  return f.services.flatMap((s) => states.map((state) => ({ labels: { project: f.project, service: s.service, state }, value: s.containers.filter((c) => c.state === state).length })));
}

function restarts(f: ProjectFacts): MetricSample[] {
  return f.services.map((s) => ({ labels: { project: f.project, service: s.service }, value: s.containers.reduce((sum, c) => sum + c.restarts, 0) }));
}

function releaseCounts(f: ProjectFacts, command: Release["command"]): MetricSample[] {
  const outcomes = ["deployed", "rolled-back", "failed"] as const;
  return outcomes.map((outcome) => ({ labels: { project: f.project, outcome }, value: f.releases.filter((r) => r.command === command && r.outcome === outcome).length }));
}

function lastDuration(f: ProjectFacts, runs: readonly RunSummary[]): MetricSample[] {
  const last = runs.find((r) => r.durationMs !== null);
  return last === undefined ? [] : [{ labels: { project: f.project, run: last.runId }, value: (last.durationMs ?? 0) / 1000 }];
}

function lastBackup(f: ProjectFacts): MetricSample[] {
  return latestPerService(f, f.backups.filter((b) => b.drill?.ok !== false).map((b) => [b.service, b.createdAt]));
}

function lastDrill(f: ProjectFacts): MetricSample[] {
  return latestPerService(f, f.backups.flatMap((b) => (b.drill?.ok === true ? [[b.service, b.drill.at] as const] : [])));
}

function latestPerService(f: ProjectFacts, times: readonly (readonly [string, string])[]): MetricSample[] {
  const latest = new Map<string, string>();
  for (const [service, at] of times) if ((latest.get(service) ?? "") < at) latest.set(service, at);
  return [...latest].map(([service, at]) => ({ labels: { project: f.project, service }, value: seconds(at) }));
}

function probeResults(f: ProjectFacts): MetricSample[] {
  const run = f.runs.find((r) => r.evidence.length > 0);
  return (run?.evidence ?? []).map((e) => ({ labels: { project: f.project, probe: e.probe }, value: e.ok ? 1 : 0 }));
}

function lastProbeRun(f: ProjectFacts): MetricSample[] {
  const run = f.runs.find((r) => r.evidence.length > 0 && r.startedAt !== null);
  return run?.startedAt ? [{ labels: { project: f.project }, value: seconds(run.startedAt) }] : [];
}
