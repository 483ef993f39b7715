import { Option, type Command } from "commander";
import { UsageError } from "../../common/errors.js";
import { scanBackups } from "../../backup/backup-store.js";
import { checkArtifact } from "../../backup/manifest.js";
import { stopGraceFrom, stopLedgerIn } from "../../backup/stop-ledger.js";
import { backupSettings, storageOf } from "../../backup/backup-settings.js";
import type { BackupEvent, BackupOutcome } from "../../backup/run-backup.js";
import { selectBackupTargets } from "../../backup/select-driver.js";
import { projectStateDir } from "../../deploy/state-dir.js";
import { runBackup, runSwarmBackup } from "../../runs/backup.js";
import { swarmReader } from "../../swarm/swarm-client.js";
import { projectRedactor } from "../../verify/project-secrets.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions } from "../project-options.js";
import { berthVersion } from "../version.js";
import { openProject, openProjectSession } from "./project-session.js";

/** `berth backup [SERVICE...]`: copy each stateful service out, then prove the copy by restoring it. */
export const backupCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("backup")
      .description("Back up Postgres, Redis and named volumes, and prove each backup with a restore drill")
      .argument("[services...]", "only these services (default: every service with a backup driver)")
      .option("--dir <dir>", "backups folder (default: x-berth.backup.dir, $BERTH_BACKUP_DIR, or the project's state dir)")
      .option("--no-drill", "skip the restore drill (the backup is then unproven)")
      .addOption(new Option("--retention <count>", "keep this many good backups per service").argParser(positiveInteger))
      .option("--compress", "gzip volume archives (Postgres dumps are always compressed)")
      .option("--list", "list the backups on disk instead of taking one")
      .addOption(new Option("--timeout <seconds>", "give up on one dump, drill or restore after this long").default("3600").argParser(positiveInteger))
      .option("--json", "print one machine-readable result on stdout");
    addProjectOptions(command).action(async (services: string[], raw: Record<string, unknown>) => {
      context.setExitCode(await runBackupCommand(services, raw, context.io));
    });
  },
};

async function runBackupCommand(services: readonly string[], raw: Record<string, unknown>, io: CliIO): Promise<number> {
  // --list reads the backups folder only: it works where no engine runs (a laptop holding copies).
  if (raw["list"] === true) {
    const project = openProject(raw, io);
    const settings = backupSettings(project, io.env, flagsOf(raw, io));
    return listCommand(selectBackupTargets(project, services).map((t) => t.service), settings.dir, io, raw["json"] === true);
  }
  const { project, engine } = await openProjectSession(raw, io);
  const targets = selectBackupTargets(project, services);
  const settings = backupSettings(project, io.env, flagsOf(raw, io));
  if (targets.length === 0) throw new UsageError(`project ${project.name} has no service with a backup driver`, { hint: "declare one: services.NAME.x-berth.backup.driver: postgres | redis | volume" });
  const stateDir = projectStateDir(project.name, io.env);
  const onEvent = (event: BackupEvent) => (event.kind === "recovered" || event.kind === "warning" ? io.stderr.write(`berth: ${event.kind === "warning" ? "warning: " : ""}${event.text}\n`) : raw["json"] === true ? undefined : io.stdout.write(renderEvent(event)));
  const onLockWait = (holder: string) => io.stderr.write(`waiting for another berth (${holder}) working on ${project.name}\n`);
  // On a Swarm manager each dump and drill is a job on the node of the datastore's task (docs/swarm.md).
  // An engine that does not answer /info is no manager: the session's own engine says why at its first call.
  if ((await swarmReader(io.env).role().catch(() => "none")) === "manager") {
    const [{ swarmJobPort }, { datastoreLocator }] = await Promise.all([import("../../swarm/backup-port.js"), import("../../swarm/backup-datastore.js")]);
    const locate = datastoreLocator(swarmJobPort(io.env), project.name, { timeoutMs: Number(raw["timeout"]) * 1000, signal: io.signal });
    const { dir, retention } = storageOf(settings);
    const run = await runSwarmBackup({ engine, project, stateDir, redactor: projectRedactor(project), locate, targets, dir, ...(retention === undefined ? {} : { retention }), drill: raw["drill"] !== false, berthVersion: berthVersion(), signal: io.signal, onLockWait, onEvent });
    return report(run.outcomes, raw, io);
  }
  // One journalled run under the project lock (runs/backup.ts); it first repairs what a killed
  // backup or restore left (the ledger of stopped containers, helpers, half-written files).
  const run = await runBackup({
    engine,
    project,
    stateDir,
    redactor: projectRedactor(project),
    targets,
    ledger: stopLedgerIn(stateDir),
    stopGraceSeconds: stopGraceFrom(project),
    ...storageOf(settings),
    drill: raw["drill"] !== false,
    berthVersion: berthVersion(),
    timeoutMs: Number(raw["timeout"]) * 1000,
    signal: io.signal,
    onLockWait,
    onEvent,
  });
  return report(run.outcomes, raw, io);
}

function report(outcomes: readonly BackupOutcome[], raw: Record<string, unknown>, io: CliIO): number {
  io.stdout.write(raw["json"] === true ? `${JSON.stringify(outcomes.map(jsonOf), null, 2)}\n` : renderSummary(outcomes));
  return outcomes.every((outcome) => outcome.ok) ? 0 : 1;
}

function flagsOf(raw: Record<string, unknown>, io: CliIO) {
  return {
    cwd: io.cwd,
    ...(typeof raw["dir"] === "string" ? { dir: raw["dir"] } : {}),
    ...(typeof raw["retention"] === "number" ? { retention: raw["retention"] } : {}),
    ...(raw["compress"] === true ? { compress: true } : {}),
  };
}

/** Lists the backups on disk, each artifact re-checked against its manifest (size and sha256). */
async function listCommand(services: readonly string[], dir: string, io: CliIO, json: boolean): Promise<number> {
  const scanned = await Promise.all(services.map((service) => scanBackups(dir, service)));
  const all = await Promise.all(scanned.flatMap((scan) => scan.stored).map(async (entry) => ({ entry, damaged: await checkArtifact(entry.artifactPath, entry.manifest) })));
  const rejected = scanned.flatMap((scan) => scan.rejected);
  if (json) {
    const listed = all.map(({ entry, damaged }) => ({ path: entry.artifactPath, ...entry.manifest, artifactCheck: damaged ?? "ok" }));
    io.stdout.write(`${JSON.stringify(rejected.length === 0 ? listed : [...listed, ...rejected.map((r) => ({ path: r.manifestPath, rejected: r.reason }))], null, 2)}\n`);
    return 0;
  }
  const lines = all.map(({ entry, damaged }) => {
    const m = entry.manifest;
    const drill = m.drill === undefined ? "not drilled" : m.drill.ok ? "drill passed" : `DRILL FAILED: ${m.drill.error ?? ""}`;
    const state = damaged === undefined ? drill : `ARTIFACT DAMAGED: ${damaged}`;
    const node = m.node === undefined ? "" : `  (node ${m.node})`;
    return `${m.service.padEnd(12)} ${m.createdAt}  ${formatBytes(m.sizeBytes).padStart(9)}  ${state}${node}\n  ${entry.artifactPath}`;
  });
  for (const entry of rejected) lines.push(`ignored      ${entry.reason}`);
  io.stdout.write(lines.length === 0 ? `no backups in ${dir}\n` : `${lines.join("\n")}\n`);
  return 0;
}

function renderEvent(event: Exclude<BackupEvent, { kind: "recovered" } | { kind: "warning" }>): string {
  switch (event.kind) {
    case "started":
      return `${event.service}: backing up (${event.driver})\n`;
    case "written":
      return `${event.service}: wrote ${formatBytes(event.sizeBytes)} in ${seconds(event.durationMs)} → ${event.path}\n`;
    case "drilled":
      return `${event.service}: restore drill ${event.ok ? "passed" : "FAILED"} in ${seconds(event.durationMs)}\n`;
    case "expired":
      return `${event.service}: retention removed ${event.paths.length} older backup(s)\n`;
    case "failed":
      return `${event.service}: FAILED: ${event.error}\n`;
  }
}

function renderSummary(outcomes: readonly BackupOutcome[]): string {
  const lines: string[] = [];
  for (const outcome of outcomes) {
    if (outcome.stored === undefined) {
      lines.push(`✘ ${outcome.service}  no backup: ${outcome.error ?? "failed"}`);
      continue;
    }
    const drill = outcome.stored.manifest.drill;
    lines.push(`${outcome.ok ? "✔" : "✘"} ${outcome.service}  ${drill === undefined ? "backed up, not drilled (--no-drill)" : drill.ok ? "backed up and proven by a restore drill" : "backup NOT proven"}`);
    for (const check of drill?.checks ?? []) lines.push(`    ${check}`);
    if (drill?.error !== undefined) lines.push(`    error: ${drill.error}`);
  }
  return `${lines.join("\n")}\n`;
}

function jsonOf(outcome: BackupOutcome) {
  return { service: outcome.service, ok: outcome.ok, path: outcome.stored?.artifactPath, manifest: outcome.stored?.manifest, error: outcome.error, expired: outcome.expired };
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError(`expected a whole number of at least 1, got ${value}`);
  return parsed;
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
