import type { CommandModule } from "../command-module.js";
import { checkCommand } from "./check.js";
import { backupCommand } from "./backup.js";
import { configCommand } from "./config.js";
import { downCommand } from "./down.js";
import { historyCommand } from "./history.js";
import { logsCommand } from "./logs.js";
import { migrateCommand } from "./migrate.js";
import { psCommand } from "./ps.js";
import { restoreCommand } from "./restore.js";
import { reportCommand } from "./report.js";
import { rollbackCommand } from "./rollback.js";
import { serveCommand } from "./serve.js";
import { upCommand } from "./up.js";
import { verifyCommand } from "./verify.js";

/** Every verb of the CLI, in the order `berth --help` lists them. */
export const commandModules: readonly CommandModule[] = [configCommand, checkCommand, upCommand, rollbackCommand, historyCommand, downCommand, psCommand, logsCommand, backupCommand, restoreCommand, migrateCommand, verifyCommand, reportCommand, serveCommand];
