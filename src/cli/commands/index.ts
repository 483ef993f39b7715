import type { CommandModule } from "../command-module.js";
import { findVerb } from "../global-options.js";

/**
 * Every verb of the CLI, in the order `berth --help` lists them. Each is imported only when it
 * runs: a command's module graph (dockerode, hono, the schema validator) costs hundreds of
 * milliseconds to load, and `berth ps` should not pay for `berth serve`.
 */
export const commandLoaders: Readonly<Record<string, () => Promise<CommandModule>>> = {
  config: async () => (await import("./config.js")).configCommand,
  check: async () => (await import("./check.js")).checkCommand,
  up: async () => (await import("./up.js")).upCommand,
  rollback: async () => (await import("./rollback.js")).rollbackCommand,
  history: async () => (await import("./history.js")).historyCommand,
  down: async () => (await import("./down.js")).downCommand,
  ps: async () => (await import("./ps.js")).psCommand,
  logs: async () => (await import("./logs.js")).logsCommand,
  exec: async () => (await import("./exec.js")).execCommand,
  run: async () => (await import("./run.js")).runCommand,
  start: async () => (await import("./start.js")).startCommand,
  stop: async () => (await import("./stop.js")).stopCommand,
  restart: async () => (await import("./restart.js")).restartCommand,
  kill: async () => (await import("./kill.js")).killCommand,
  rm: async () => (await import("./rm.js")).rmCommand,
  images: async () => (await import("./images.js")).imagesCommand,
  build: async () => (await import("./build.js")).buildCommand,
  pull: async () => (await import("./pull.js")).pullCommand,
  events: async () => (await import("./events.js")).eventsCommand,
  port: async () => (await import("./port.js")).portCommand,
  top: async () => (await import("./top.js")).topCommand,
  cp: async () => (await import("./cp.js")).cpCommand,
  backup: async () => (await import("./backup.js")).backupCommand,
  restore: async () => (await import("./restore.js")).restoreCommand,
  migrate: async () => (await import("./migrate.js")).migrateCommand,
  verify: async () => (await import("./verify.js")).verifyCommand,
  report: async () => (await import("./report.js")).reportCommand,
  serve: async () => (await import("./serve.js")).serveCommand,
};

/** The modules a command line needs: just its verb's, or all of them for help and usage errors. */
export async function loadCommandModules(argv: readonly string[]): Promise<CommandModule[]> {
  const verb = findVerb(argv);
  if (verb === undefined && (argv[0] === "-v" || argv[0] === "--version")) return [];
  const only = verb === undefined ? undefined : commandLoaders[verb];
  const loaders = only ? [only] : Object.values(commandLoaders);
  return Promise.all(loaders.map((load) => load()));
}
