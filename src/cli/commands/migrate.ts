import { Option, type Command } from "commander";
import { migrateSettings } from "../../migrate/migrate-config.js";
import { projectStateDir } from "../../deploy/state-dir.js";
import { runMigrate } from "../../runs/migrate.js";
import { readMigrationStatus } from "../../migrate/read-migration-status.js";
import { reportStatus } from "./migrate-status.js";
import { projectRedactor } from "../../verify/project-secrets.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions } from "../project-options.js";
import { openProjectSession } from "./project-session.js";
import { positiveSecondsMs } from "./verb-options.js";

/** `berth migrate`: apply numbered .sql files once each, in order, never twice, never changed. */
export const migrateCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("migrate")
      .description("Apply pending numbered .sql migrations to the Postgres service, one transaction each")
      .option("--dir <dir>", "folder of NNN_name.sql files (default: x-berth.migrate.dir or ./migrations)")
      .option("--service <service>", "the Postgres service (default: x-berth.migrate.service or the only one)")
      .addOption(new Option("--timeout <seconds>", "give up after this long").default("600"))
      .option("--status", "list applied, pending and changed migrations; change nothing")
      .option("--dry-run", "print what berth migrate would apply; change nothing")
      .option("--json", "print one machine-readable result on stdout");
    addProjectOptions(command).action(async (raw: Record<string, unknown>) => {
      context.setExitCode(await runMigrateCommand(raw, context.io));
    });
  },
};

async function runMigrateCommand(raw: Record<string, unknown>, io: CliIO): Promise<number> {
  // A bad flag is a usage error (exit 2) whether or not the engine answers.
  const timeoutMs = positiveSecondsMs("--timeout", raw["timeout"]);
  const { project, engine } = await openProjectSession(raw, io);
  const flags = { cwd: io.cwd, ...(typeof raw["dir"] === "string" ? { dir: raw["dir"] } : {}), ...(typeof raw["service"] === "string" ? { service: raw["service"] } : {}) };
  const settings = migrateSettings(project, flags);
  if (raw["status"] === true || raw["dryRun"] === true) {
    const status = await readMigrationStatus({ engine, project: project.name, settings, timeoutMs, signal: io.signal });
    return reportStatus(status, settings, raw, io);
  }
  const result = await runMigrate({
    engine,
    project,
    stateDir: projectStateDir(project.name, io.env),
    redactor: projectRedactor(project),
    settings,
    timeoutMs,
    signal: io.signal,
    onLockWait: (holder) => io.stderr.write(`waiting for another berth (${holder}) working on ${project.name}\n`),
  });
  if (raw["json"] === true) {
    io.stdout.write(`${JSON.stringify({ service: settings.service, dir: settings.dir, files: result.files, applied: result.applied }, null, 2)}\n`);
    return 0;
  }
  for (const name of result.applied) io.stdout.write(`applied ${name}\n`);
  const total = `${result.files.length} migration(s) in ${settings.dir}`;
  io.stdout.write(result.applied.length === 0 ? `${settings.service}: up to date (${total})\n` : `${settings.service}: applied ${result.applied.length} of ${total}\n`);
  return 0;
}
