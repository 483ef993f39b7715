import { readFileSync } from "node:fs";
import { ConfigError, type SourceLocation } from "../../common/errors.js";

/** The text of one compose file and its absolute path. */
export interface ComposeFileText {
  readonly file: string;
  readonly text: string;
}

/** The only place the loader reads compose files from disk. */
export function readComposeFile(file: string): ComposeFileText {
  try {
    return { file, text: readFileSync(file, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : String(code);
    throw new ConfigError("compose.read", `cannot read compose file ${file}: ${reason}`, {
      hint: "check the path given with -f (or COMPOSE_FILE)",
      cause: error,
    });
  }
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
