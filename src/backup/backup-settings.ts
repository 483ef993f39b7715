import type { Project } from "../compose/model/project.js";
import { readProjectBackupConfig } from "./backup-config.js";
import { resolveBackupDir } from "./backup-store.js";

/** Flags a backup-related command was given; anything absent falls back to `x-berth.backup`. */
export interface BackupFlags {
  readonly dir?: string;
  readonly cwd: string;
  readonly retention?: number;
  readonly compress?: boolean;
}

export interface BackupSettings {
  readonly dir: string;
  readonly retention?: number;
  readonly compress: boolean;
  readonly beforeMigrate: boolean;
  /** `uid:gid` of this process, so helper containers write files the user owns. */
  readonly fileOwner?: string;
}

/** Flags over the compose file's `x-berth.backup` over berth's defaults. */
export function backupSettings(project: Project, env: Readonly<Record<string, string | undefined>>, flags: BackupFlags): BackupSettings {
  const config = readProjectBackupConfig(project);
  const retention = flags.retention ?? config.retention;
  const owner = typeof process.getuid === "function" && typeof process.getgid === "function" ? `${process.getuid()}:${process.getgid()}` : undefined;
  return {
    dir: resolveBackupDir(project, config, env, flags.dir === undefined ? undefined : { dir: flags.dir, cwd: flags.cwd }),
    compress: flags.compress ?? config.compress,
    beforeMigrate: config.beforeMigrate,
    ...(retention === undefined ? {} : { retention }),
    ...(owner === undefined ? {} : { fileOwner: owner }),
  };
}

/** Where and how backups are stored: the part of the settings every backup run takes as it is. */
export function storageOf(settings: BackupSettings): Omit<BackupSettings, "beforeMigrate"> {
  const { beforeMigrate: _beforeMigrate, ...storage } = settings;
  return storage;
}
