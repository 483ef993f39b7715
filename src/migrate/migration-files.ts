import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError } from "../common/errors.js";

/** One numbered `.sql` file, in the order it must run. */
export interface MigrationFile {
  readonly name: string;
  readonly number: number;
  readonly sha256: string;
}

const numbered = /^(\d+)[-_.].*\.sql$/;
// Each file runs inside berth's own transaction: its own BEGIN/COMMIT would end that early.
const transactionControl = /^\s*(BEGIN|COMMIT|ROLLBACK|START\s+TRANSACTION)\s*(TRANSACTION|WORK)?\s*;/im;
const safeName = /^[A-Za-z0-9_.-]+$/;

/** Reads the folder's `.sql` files, checks them, and returns them in numeric order. */
export async function readMigrationFiles(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir).catch((cause: unknown) => {
    throw new ConfigError("migrate.no-dir", `cannot read the migrations folder ${dir}`, { cause, hint: "set x-berth.migrate.dir or pass --dir" });
  })) as string[];
  const files = await Promise.all(names.filter((name) => name.endsWith(".sql")).map(async (name) => ({ name, text: await readFile(join(dir, name), "utf8") })));
  return orderMigrations(files, dir);
}

/** Checks names and contents and sorts by number: `2_b.sql` before `10_a.sql`. */
export function orderMigrations(files: readonly { name: string; text: string }[], dir: string): MigrationFile[] {
  const migrations = files.map(({ name, text }) => {
    const match = numbered.exec(name);
    if (match === null || !safeName.test(name)) throw new ConfigError("migrate.file-name", `${join(dir, name)}: a migration's name must start with its number, like 001_create_notes.sql (letters, digits, _ . - only)`);
    if (transactionControl.test(text)) throw new ConfigError("migrate.transaction", `${join(dir, name)}: contains its own BEGIN/COMMIT`, { hint: "remove it: berth runs every file in a transaction of its own" });
    return { name, number: Number(match[1]), sha256: sha256Of(text) };
  });
  const sorted = migrations.sort((a, b) => a.number - b.number || a.name.localeCompare(b.name));
  for (let i = 1; i < sorted.length; i++) {
    const [previous, current] = [sorted[i - 1], sorted[i]];
    if (previous?.number === current?.number) throw new ConfigError("migrate.duplicate-number", `${previous?.name} and ${current?.name} have the same number, so their order is undefined`, { hint: "renumber one of them" });
  }
  return sorted;
}

export function sha256Of(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
