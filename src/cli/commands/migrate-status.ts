import { ExitCode } from "../../common/errors.js";
import type { MigrateSettings } from "../../migrate/migrate-config.js";
import type { MigrationStatus } from "../../migrate/migration-status.js";
import type { CliIO } from "../io.js";

/**
 * `migrate --status` lists each migration with where it stands; `--dry-run` names those `migrate`
 * would apply. Both exit 1 when an applied file changed since it ran (`migrate` would refuse).
 */
export function reportStatus(status: MigrationStatus, settings: MigrateSettings, raw: Record<string, unknown>, io: CliIO): number {
  if (raw["json"] === true) io.stdout.write(`${JSON.stringify({ service: settings.service, dir: settings.dir, ...status }, null, 2)}\n`);
  else io.stdout.write(raw["dryRun"] === true ? dryRunText(status, settings) : statusText(status, settings));
  return status.changed.length > 0 ? ExitCode.failed : ExitCode.ok;
}

export function statusText(status: MigrationStatus, settings: MigrateSettings): string {
  const rows = [
    ...status.applied.map((name) => ["applied", name] as const),
    ...status.changed.map((name) => ["CHANGED", name] as const),
    ...status.pending.map((name) => ["pending", name] as const),
    ...status.missing.map((name) => ["applied, file gone", name] as const),
  ];
  const width = Math.max(0, ...rows.map(([state]) => state.length));
  const lines = rows.map(([state, name]) => `${state.padEnd(width)}  ${name}\n`).join("");
  return `${lines}${settings.service}: ${status.applied.length} applied, ${status.pending.length} pending${status.changed.length > 0 ? `, ${status.changed.length} changed since applied (berth migrate refuses)` : ""} (${settings.dir})\n`;
}

export function dryRunText(status: MigrationStatus, settings: MigrateSettings): string {
  if (status.changed.length > 0) return `berth migrate would refuse: ${status.changed.join(", ")} changed since applied\n`;
  const lines = status.pending.map((name) => `would apply ${name}\n`).join("");
  return `${lines}${settings.service}: ${status.pending.length === 0 ? "up to date, nothing to apply" : `${status.pending.length} migration(s) would be applied`} (dry run, nothing changed)\n`;
}
