import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { ConfigError } from "../common/errors.js";
import type { DriverName } from "./backup-config.js";
import { locatedFsError } from "../common/fs-errors.js";
import { validateManifest } from "./manifest-schema.js";

/** What the drill found when it restored the backup into a scratch container. */
export interface DrillRecord {
  readonly ok: boolean;
  readonly at: string;
  readonly durationMs: number;
  /** One line per check, readable as it is ("public.notes: 120 rows, as at backup time"). */
  readonly checks: readonly string[];
  /** Why it failed, when it did. */
  readonly error?: string;
}

/**
 * Facts taken at backup time that a restore must reproduce: row counts per table (postgres),
 * key counts per database (redis), file count and a checksum of every file (volume).
 */
export interface BackupFacts {
  readonly tables?: Readonly<Record<string, number>>;
  readonly keys?: Readonly<Record<string, number>>;
  /** Redis keeps writing while the snapshot is taken; the counts seen after it. */
  readonly keysAfter?: Readonly<Record<string, number>>;
  readonly files?: number;
  /** sha256 over the sorted `sha256sum` lines of every file in the volume. */
  readonly filesChecksum?: string;
}

/** The JSON written next to every backup artifact (`<artifact>.manifest.json`). */
export interface BackupManifest {
  readonly manifestVersion: 1;
  readonly project: string;
  readonly service: string;
  readonly driver: DriverName;
  readonly image: string;
  readonly imageId: string;
  /** The artifact's file name (same folder as the manifest). */
  readonly artifact: string;
  readonly createdAt: string;
  readonly durationMs: number;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly compressed: boolean;
  readonly berthVersion: string;
  /** Driver details needed to restore: database and user, volume name. */
  readonly source: Readonly<Record<string, string>>;
  readonly facts: BackupFacts;
  /** Absent when the drill was skipped (`--no-drill`). */
  readonly drill?: DrillRecord;
  /** On a Swarm: the hostname of the node the datastore's task (and its volume) was on. */
  readonly node?: string;
}

export const manifestSuffix = ".manifest.json";

export function manifestPathOf(artifactPath: string): string {
  return `${artifactPath}${manifestSuffix}`;
}

/** Size and sha256 of a file, read as a stream (a dump can be larger than memory). */
export async function hashFile(path: string): Promise<{ sha256: string; sizeBytes: number }> {
  const hash = createHash("sha256");
  let sizeBytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    sizeBytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), sizeBytes };
}

/** Writes the manifest atomically: a reader never sees half a manifest. */
export async function writeManifest(artifactPath: string, manifest: BackupManifest): Promise<void> {
  const path = manifestPathOf(artifactPath);
  try {
    await writeFile(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    await rename(`${path}.tmp`, path);
  } catch (error) {
    await rm(`${path}.tmp`, { force: true }).catch(() => undefined);
    throw locatedFsError(error, path, "writing the backup's manifest");
  }
}

/** Reads and validates a manifest (untrusted input): ConfigError naming the file and the field. */
export async function readManifest(manifestPath: string): Promise<BackupManifest> {
  const text = await readFile(manifestPath, "utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError("backup.manifest", `${manifestPath} is not valid JSON (${(error as Error).message})`, { hint: "a half-written or edited manifest: take a new backup" });
  }
  return validateManifest(parsed, manifestPath);
}

/** Why an artifact does not match its manifest, or undefined when size and sha256 agree. */
export async function checkArtifact(artifactPath: string, manifest: BackupManifest): Promise<string | undefined> {
  const found = await stat(artifactPath).catch(() => undefined);
  if (found === undefined) return "the file is missing";
  if (found.size !== manifest.sizeBytes) return `the file is ${found.size} bytes, its manifest recorded ${manifest.sizeBytes} (truncated or replaced)`;
  const { sha256 } = await hashFile(artifactPath);
  if (sha256 !== manifest.sha256) return `the file's sha256 is ${sha256.slice(0, 12)}…, its manifest recorded ${manifest.sha256.slice(0, 12)}… (corrupted)`;
  return undefined;
}
