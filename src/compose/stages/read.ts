import { ConfigError, type SourceLocation } from "../../common/errors.js";
import { maxComposeFileBytes, readBoundedText } from "./bounded-read.js";

/** The text of one compose file and its absolute path. */
export interface ComposeFileText {
  readonly file: string;
  readonly text: string;
}

/** The only place the loader reads compose files from disk: regular files up to 4 MiB. */
export function readComposeFile(file: string): ComposeFileText {
  const text = readBoundedText(file, maxComposeFileBytes, "compose file", { code: "compose.read", hint: "check the path given with -f (or COMPOSE_FILE)" });
  return { file, text };
}

/**
 * Reads a compose file named inside another one (`extends.file`, `include`): a failure points at
 * the reference, where the user fixes it.
 */
export function readReferencedFile<T>(read: () => T, location: SourceLocation | undefined, key: string): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError) || error.location !== undefined || location === undefined) throw error;
    throw new ConfigError(error.code, error.message, { location, hint: `fix the path in ${key} (relative to the project directory)`, cause: error });
  }
}
