import { join, resolve } from "node:path";
import { Option, type Command } from "commander";
import { ConfigError, OperationFailed, UsageError } from "../../common/errors.js";
import { findBackup, rejectionOf, scanBackups } from "../../backup/backup-store.js";
import { backupSettings } from "../../backup/backup-settings.js";
import { drillBackup } from "../../backup/drill.js";
import type { CheckOutcome } from "../../backup/driver.js";
import type { DrillRecord } from "../../backup/manifest.js";
import type { restoreBackup } from "../../backup/restore.js";
import { driverContext } from "../../backup/run-backup.js";
import { stopLedgerIn } from "../../backup/stop-ledger.js";
import { selectBackupTargets } from "../../backup/select-driver.js";
import { projectStateDir } from "../../deploy/state-dir.js";
import { runRestore as restoreRun } from "../../runs/restore.js";
import { takeRunLock } from "../../runs/run-lock.js";
import { swarmReader } from "../../swarm/swarm-client.js";
import { projectRedactor } from "../../verify/project-secrets.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions } from "../project-options.js";
import { openProjectSession, type ProjectSession } from "./project-session.js";
import { positiveSecondsMs } from "./verb-options.js";

/** `berth restore SERVICE BACKUP`: put a backup back into the live service and prove it came back. */
export const restoreCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("restore")
      .description("Restore a backup into the live service (stopping what depends on it), then verify it")
      .argument("<service>", "the service to restore into")
      .argument("<backup>", "the backup: its path or file name in the service's backups folder, or `latest` (the newest whose drill passed)")
      .option("--dir <dir>", "backups folder (as for berth backup)")
      .option("-y, --yes", "do not ask for confirmation")
      .option("--check", "only verify the backup (checksum and restore drill); change nothing")
      .addOption(new Option("--timeout <seconds>", "give up on the restore after this long").default("3600"));
    addProjectOptions(command).action(async (service: string, backup: string, raw: Record<string, unknown>) => {
      context.setExitCode(await runRestore(service, backup, raw, context.io));
    });
  },
};

async function runRestore(service: string, reference: string, raw: Record<string, unknown>, io: CliIO): Promise<number> {
  // Flags first: a bad one is a usage error (exit 2) whether or not the engine answers.
  const timeoutMs = positiveSecondsMs("--timeout", raw["timeout"]);
  const check = raw["check"] === true;
  if (!check && raw["yes"] !== true && !process.stdin.isTTY) throw noConfirmation();
  const session = await openProjectSession(raw, io);
  const [target] = selectBackupTargets(session.project, [service]);
  if (target === undefined) throw new UsageError(`service ${service} has no backup driver`);
  const settings = backupSettings(session.project, io.env, { cwd: io.cwd, ...(typeof raw["dir"] === "string" ? { dir: raw["dir"] } : {}) });
  // A path is taken relative to where berth runs; a bare file name is looked up in the service's folder.
  const stored = await findBackup(settings.dir, service, reference.includes("/") ? resolve(io.cwd, reference) : reference);
  if (stored === undefined) {
    const refused = await rejectionOf(settings.dir, service, reference.includes("/") ? resolve(io.cwd, reference) : reference);
    if (refused !== undefined) throw new ConfigError("backup.manifest", refused, { hint: "berth does not restore from a manifest it would not have written; pick another backup: berth backup --list" });
    const latest = reference === "latest" ? " (latest is the newest backup whose restore drill passed)" : "";
    const refusedCount = (await scanBackups(settings.dir, service)).rejected.length;
    const refusedNote = refusedCount === 0 ? "" : `; ${refusedCount} manifest(s) there were refused as not written by berth`;
    throw new UsageError(`no backup "${reference}" of ${service} in ${join(settings.dir, service)}${latest}`, { hint: `list them: berth backup --list ${service}${refusedNote}` });
  }
  if (!check && raw["yes"] !== true && !(await confirm(io, `Restore ${stored.artifactPath} into ${service}, replacing its current data?`))) {
    io.stderr.write("restore cancelled\n");
    return 1;
  }
  const stateDir = projectStateDir(session.project.name, io.env);
  // On a Swarm manager the drill and the restore are jobs on the node of the datastore's task (docs/swarm.md).
  // An engine that does not answer /info is no manager: the session's own engine says why at its first call.
  if ((await swarmReader(io.env).role().catch(() => "none")) === "manager") return restoreOnManager(session, { target, stored, timeoutMs, stateDir, check }, io);
  if (check) return checkOnly(session, { target, stored, dir: settings.dir, timeoutMs, stateDir }, io);
  return restoreLive(session, { target, stored, dir: settings.dir, timeoutMs, ledger: stopLedgerIn(stateDir), ...(settings.fileOwner === undefined ? {} : { fileOwner: settings.fileOwner }) }, stateDir, io);
}

interface CheckInputs {
  readonly target: RestoreInputs["target"];
  readonly stored: RestoreInputs["stored"];
  readonly dir: string;
  readonly timeoutMs: number;
  readonly stateDir: string;
}

/** Checksum and drill only; under the project lock all the same, so a concurrent run's recovery never takes its scratch for a leftover. */
async function checkOnly(session: ProjectSession, inputs: CheckInputs, io: CliIO): Promise<number> {
  const lock = await takeRunLock({ stateDir: inputs.stateDir, signal: io.signal });
  try {
    const base = { engine: session.engine, project: session.project.name, dir: inputs.dir, compress: false, timeoutMs: inputs.timeoutMs, signal: io.signal };
    return reportCheck(inputs.stored.artifactPath, await drillBackup(await driverContext(base, inputs.target, { running: false }), inputs.stored), io);
  } finally {
    await lock.release();
  }
}

function reportCheck(artifactPath: string, record: DrillRecord, io: CliIO): number {
  for (const check of record.checks) io.stdout.write(`  ${check}\n`);
  if (record.ok) {
    io.stdout.write(`✔ ${artifactPath}: restore drill passed\n`);
    return 0;
  }
  throw new OperationFailed("backup.unproven", `${artifactPath} is not a good backup: ${record.error ?? "the drill failed"}`, { hint: "do not rely on it; take a new backup or pick another one" });
}

type RestoreInputs = Omit<Parameters<typeof restoreBackup>[0], "engine" | "project" | "signal" | "onEvent">;

/** One journalled run under the project lock (runs/restore.ts), which first repairs what a killed backup or restore left. */
async function restoreLive(session: ProjectSession, inputs: RestoreInputs, stateDir: string, io: CliIO): Promise<number> {
  const outcome = await restoreRun({
    ...inputs,
    engine: session.engine,
    project: session.project,
    stateDir,
    redactor: projectRedactor(session.project),
    signal: io.signal,
    onLockWait: (holder) => io.stderr.write(`waiting for another berth (${holder}) working on ${session.project.name}\n`),
    onEvent: (text) => io.stdout.write(`${text}\n`),
  });
  return reportRestore(inputs.target.service, inputs.stored.manifest.artifact, outcome, io);
}

function reportRestore(service: string, artifact: string, outcome: CheckOutcome, io: CliIO): number {
  for (const check of outcome.checks) io.stdout.write(`  ${check}\n`);
  if (!outcome.ok) throw new OperationFailed("restore.mismatch", outcome.error ?? "the restored data does not match the backup");
  io.stdout.write(`✔ ${service} restored from ${artifact} and verified\n`);
  return 0;
}

interface ManagerInputs extends Omit<CheckInputs, "dir"> {
  readonly check: boolean;
}

/** `restore` and `restore --check` through a Swarm manager: same output and exit codes as on one host. */
async function restoreOnManager(session: ProjectSession, inputs: ManagerInputs, io: CliIO): Promise<number> {
  const [{ swarmJobPort }, { datastoreLocator }, { runSwarmRestore }] = await Promise.all([import("../../swarm/backup-port.js"), import("../../swarm/backup-datastore.js"), import("../../runs/restore.js")]);
  const locate = datastoreLocator(swarmJobPort(io.env), session.project.name, { timeoutMs: inputs.timeoutMs, signal: io.signal });
  if (inputs.check) {
    const { drillOnSwarm } = await import("../../backup/swarm-backup.js");
    const lock = await takeRunLock({ stateDir: inputs.stateDir, signal: io.signal });
    try {
      return reportCheck(inputs.stored.artifactPath, await drillOnSwarm(await locate(inputs.target.service), inputs.stored), io);
    } finally {
      await lock.release();
    }
  }
  const outcome = await runSwarmRestore({
    locate,
    engine: session.engine,
    project: session.project,
    target: inputs.target,
    stored: inputs.stored,
    stateDir: inputs.stateDir,
    redactor: projectRedactor(session.project),
    signal: io.signal,
    onLockWait: (holder) => io.stderr.write(`waiting for another berth (${holder}) working on ${session.project.name}\n`),
    onEvent: (text) => io.stdout.write(`${text}\n`),
  });
  return reportRestore(inputs.target.service, inputs.stored.manifest.artifact, outcome, io);
}

const noConfirmation = () => new UsageError("restore replaces live data and needs a confirmation", { hint: "pass --yes to confirm from a script" });

/** Asks on the terminal; without one, refuses (a script must say --yes). */
async function confirm(io: CliIO, question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw noConfirmation();
  const { createInterface } = await import("node:readline/promises");
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}
