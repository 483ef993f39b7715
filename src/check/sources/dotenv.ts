import { ConfigError } from "../../common/errors.js";
import { parseDotenv as parseComposeDotenv } from "../../compose/stages/dotenv.js";
import type { Location } from "../finding.js";

export interface EnvEntry {
  readonly key: string;
  readonly value: string;
  readonly at: Location;
}

export interface EnvFile {
  readonly path: string;
  readonly entries: readonly EnvEntry[];
}

/**
 * An env file as compose reads it, through the loader's own parser (one parser per concept), with
 * each statement's position. A file compose would refuse has no entries here: the loader reports it.
 */
export function parseDotenv(path: string, text: string): EnvFile {
  try {
    const parsed = parseComposeDotenv(text, { file: path });
    return { path, entries: parsed.statements.map(({ key, value, line, column }) => ({ key, value, at: { file: path, line, column } })) };
  } catch (error) {
    if (error instanceof ConfigError) return { path, entries: [] };
    throw error;
  }
}

/** The last value of each key (later lines win, as in compose), with where it was written. */
export function envValues(file: EnvFile): Map<string, EnvEntry> {
  return new Map(file.entries.map((entry) => [entry.key, entry]));
}
