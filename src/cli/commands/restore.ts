import { resolve } from "node:path";
import { Option, type Command } from "commander";
import { OperationFailed, UsageError } from "../../common/errors.js";
import { findBackup } from "../../backup/backup-store.js";
import { backupSettings } from "../../backup/backup-settings.js";
import { drillBackup } from "../../backup/drill.js";
import { restoreBackup } from "../../backup/restore.js";
import { driverContext } from "../../backup/run-backup.js";
import { selectBackupTargets } from "../../backup/select-driver.js";
import { lockProject } from "../../deploy/lock.js";
import { projectStateDir } from "../../deploy/state-dir.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions } from "../project-options.js";
import { openProjectSession, type ProjectSession } from "./project-session.js";

/** `berth restore SERVICE BACKUP`: put a backup back into the live service and prove it came back. */
export const restoreCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("restore")
      .description("Restore a backup into the live service (stopping what depends on it), then verify it")
      .argument("<service>", "the service to restore into")
      .argument("<backup>", "the backup: its path, its file name, or `latest` (newest good one)")
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
  const session = await openProjectSession(raw, io);
  const [target] = selectBackupTargets(session.project, [service]);
  if (target === undefined) throw new UsageError(`service ${service} has no backup driver`);
  const settings = backupSettings(session.project, io.env, { cwd: io.cwd, ...(typeof raw["dir"] === "string" ? { dir: raw["dir"] } : {}) });
  // A path is taken relative to where berth runs; a bare file name is looked up in the service's folder.
  const stored = await findBackup(settings.dir, service, reference.includes("/") ? resolve(io.cwd, reference) : reference);
  if (stored === undefined) throw new UsageError(`no backup "${reference}" of ${service} in ${settings.dir}`, { hint: `list them: berth backup --list ${service}` });
  const timeoutMs = Number(raw["timeout"]) * 1000;
  const base = { engine: session.engine, project: session.project.name, dir: settings.dir, compress: false, timeoutMs, signal: io.signal };
  if (raw["check"] === true) return checkOnly(await driverContext(base, target, { running: false }), stored, io);
  if (raw["yes"] !== true && !(await confirm(io, `Restore ${stored.artifactPath} into ${service}, replacing its current data?`))) {
    io.stderr.write("restore cancelled\n");
    return 1;
  }
  return restoreLive(session, { target, stored, dir: settings.dir, timeoutMs, ...(settings.fileOwner === undefined ? {} : { fileOwner: settings.fileOwner }) }, io);
}

async function checkOnly(context: Awaited<ReturnType<typeof driverContext>>, stored: Parameters<typeof drillBackup>[1], io: CliIO): Promise<number> {
  const record = await drillBackup(context, stored);
  for (const check of record.checks) io.stdout.write(`  ${check}\n`);
  if (record.ok) {
    io.stdout.write(`✔ ${stored.artifactPath}: restore drill passed\n`);
    return 0;
  }
  throw new OperationFailed("backup.unproven", `${stored.artifactPath} is not a good backup: ${record.error ?? "the drill failed"}`, { hint: "do not rely on it; take a new backup or pick another one" });
}

type RestoreInputs = Omit<Parameters<typeof restoreBackup>[0], "engine" | "project" | "signal" | "onEvent">;

async function restoreLive(session: ProjectSession, inputs: RestoreInputs, io: CliIO): Promise<number> {
  const lock = await lockProject({ stateDir: projectStateDir(session.project.name, io.env), timeoutMs: 120_000, signal: io.signal });
  try {
    const outcome = await restoreBackup({ ...inputs, engine: session.engine, project: session.project, signal: io.signal, onEvent: (text) => io.stdout.write(`${text}\n`) });
    for (const check of outcome.checks) io.stdout.write(`  ${check}\n`);
    if (!outcome.ok) throw new OperationFailed("restore.mismatch", outcome.error ?? "the restored data does not match the backup");
    io.stdout.write(`✔ ${inputs.target.service} restored from ${inputs.stored.manifest.artifact} and verified\n`);
    return 0;
  } finally {
    await lock.release();
  }
}

/** Asks on the terminal; without one, refuses (a script must say --yes). */
async function confirm(io: CliIO, question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new UsageError("restore replaces live data and needs a confirmation", { hint: "pass --yes to confirm from a script" });
  const { createInterface } = await import("node:readline/promises");
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}
