import type { DriverName } from "./backup-config.js";
import type { BackupDriver } from "./driver.js";
import { postgresDriver } from "./postgres.js";
import { redisDriver } from "./redis.js";
import { volumeDriver } from "./volume.js";

export const drivers: Readonly<Record<DriverName, BackupDriver>> = {
  postgres: postgresDriver,
  redis: redisDriver,
  volume: volumeDriver,
};
