import pg from "pg";
import { readMigrateConfig } from "./config.js";
import { createLogger, errorMessage } from "./log.js";
import { readMigrations } from "./migrations/files.js";
import { applyMigrations } from "./migrations/runner.js";

/** Entry of the one-shot `migrate` job: apply what is pending, record it, exit 0; else exit 1. */
async function main(): Promise<void> {
  const log = createLogger();
  const config = readMigrateConfig(process.env);
  const files = await readMigrations(config.migrationsDir);
  const client = new pg.Client({ ...config.postgres, application_name: "migrate" });
  await client.connect();
  try {
    const applied = await applyMigrations(client, files, log);
    log.info("migrations done", { applied: applied.length, total: files.length });
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  createLogger().error("migrate failed", { error: errorMessage(error) });
  process.exit(1);
});
