import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** One SQL file of migrations/, named NNN_description.sql; applied in version order. */
export interface MigrationFile {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

const NAME = /^(\d+)_[A-Za-z0-9_-]+\.sql$/;

export function toMigration(name: string, sql: string): MigrationFile {
  const match = NAME.exec(name);
  if (!match?.[1]) {
    throw new Error(`migration file "${name}" must be named NNN_description.sql`);
  }
  const checksum = createHash("sha256").update(sql).digest("hex");
  return { version: match[1], name, sql, checksum };
}

/** Orders by numeric version and refuses two files with the same version. */
export function orderMigrations(files: readonly MigrationFile[]): MigrationFile[] {
  const sorted = [...files].sort((a, b) => Number(a.version) - Number(b.version));
  sorted.forEach((file, index) => {
    const previous = sorted[index - 1];
    if (previous && Number(previous.version) === Number(file.version)) {
      throw new Error(`migrations "${previous.name}" and "${file.name}" share version ${file.version}`);
    }
  });
  return sorted;
}

export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".sql"));
  const files = await Promise.all(
    names.map(async (name) => toMigration(name, await readFile(join(dir, name), "utf8"))),
  );
  return orderMigrations(files);
}
