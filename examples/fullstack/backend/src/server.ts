import { createServer } from "node:http";
import pg from "pg";
import { createClient } from "redis";
import { readConfig, type Config } from "./config.js";
import { createApp } from "./http/app.js";
import { createMetrics } from "./http/metrics.js";
import { createLogger, errorMessage, type Logger } from "./log.js";
import { readMigrations } from "./migrations/files.js";
import { planMigrations, schemaProblem } from "./migrations/plan.js";
import { readApplied } from "./migrations/store.js";
import { pgNoteStore } from "./notes/pg-store.js";
import { redisCounter, redisNoteBus } from "./notes/redis-adapters.js";
import { attachRealtime } from "./realtime.js";
import { createShutdown } from "./shutdown.js";

async function main(log: Logger): Promise<void> {
  const config = readConfig(process.env);
  const pool = new pg.Pool({ ...config.postgres, max: 10, application_name: "backend" });
  pool.on("error", (error) => log.error("postgres pool error", { error: error.message }));
  await refuseStaleSchema(pool, config);
  const redis = await connectRedis(createRedis(config), "redis", log);
  const subscriber = await connectRedis(redis.duplicate(), "redis-subscriber", log);
  const metrics = createMetrics(config.version);
  const bus = redisNoteBus(redis, subscriber);
  let isDraining = (): boolean => false;
  const app = createApp({
    log,
    notes: { store: pgNoteStore(pool), counter: redisCounter(redis), bus },
    ops: {
      version: config.version,
      metrics,
      probes: { postgres: () => pool.query("SELECT 1"), redis: () => redis.ping() },
      isDraining: () => isDraining(),
    },
  });
  const server = createServer(app);
  const io = await attachRealtime(server, bus, metrics);
  const shutdown = createShutdown({
    server,
    disconnectClients: () => io.disconnectSockets(true),
    resources: [
      { name: "redis-subscriber", close: () => subscriber.close() },
      { name: "redis", close: () => redis.close() },
      { name: "postgres", close: () => pool.end() },
    ],
    drainDelayMs: config.drainDelayMs,
    timeoutMs: config.shutdownTimeoutMs,
    log,
    exit: (code) => process.exit(code),
  });
  isDraining = shutdown.isDraining;
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void shutdown.begin(signal));
  server.listen(config.port, () => log.info("listening", { port: config.port, version: config.version }));
}

/** The app never runs on a schema the migrate job has not brought up to date. */
async function refuseStaleSchema(pool: pg.Pool, config: Config): Promise<void> {
  const plan = planMigrations(await readMigrations(config.migrationsDir), await readApplied(pool));
  const problem = schemaProblem(plan);
  if (problem) throw new Error(problem);
}

function createRedis(config: Config) {
  return createClient({
    socket: { host: config.redis.host, port: config.redis.port, reconnectStrategy: (retries) => Math.min(retries * 100, 2000) },
    password: config.redis.password,
    // While Redis is away, commands fail at once (503 from /ready, 500 from a POST) instead of
    // queueing without bound; the client keeps reconnecting and resubscribes when it is back.
    disableOfflineQueue: true,
  });
}

/** Every client needs an error listener: an unhandled "error" event would crash the process. */
async function connectRedis<C extends ReturnType<typeof createRedis>>(client: C, name: string, log: Logger): Promise<C> {
  client.on("error", (error: Error) => log.error("redis error", { client: name, error: error.message }));
  await client.connect();
  return client;
}

const log = createLogger();
main(log).catch((error: unknown) => {
  log.error("backend failed to start", { error: errorMessage(error) });
  process.exit(1);
});
