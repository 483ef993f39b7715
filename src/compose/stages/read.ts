import { readFileSync } from "node:fs";
import { ConfigError } from "../../common/errors.js";

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
