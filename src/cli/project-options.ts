import { Option, type Command } from "commander";

/** The compose-level options every project command takes, named as docker compose names them. */
export interface ProjectOptions {
  readonly files: readonly string[];
  readonly projectName: string | undefined;
  readonly profiles: readonly string[];
  readonly envFiles: readonly string[];
  readonly projectDirectory: string | undefined;
}

/** Commander argument parser of a repeatable option: every value, in order. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `withShortFile: false` for verbs whose own `-f` means something else (`logs -f` follows). */
export function addProjectOptions(command: Command, { withShortFile = true } = {}): Command {
  const file = withShortFile ? "-f, --file <file>" : "--file <file>";
  return command
    .addOption(new Option(file, "compose file (repeatable; later files override)").argParser(collect))
    .addOption(new Option("-p, --project-name <name>", "project name"))
    .addOption(new Option("--profile <profile>", "activate a profile (repeatable)").argParser(collect))
    .addOption(new Option("--env-file <file>", "environment file instead of .env (repeatable)").argParser(collect))
    .addOption(new Option("--project-directory <dir>", "project directory (default: the first file's folder)"));
}

export function readProjectOptions(raw: Record<string, unknown>): ProjectOptions {
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
  const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
  return {
    files: list(raw["file"]),
    projectName: text(raw["projectName"]),
    profiles: list(raw["profile"]),
    envFiles: list(raw["envFile"]),
    projectDirectory: text(raw["projectDirectory"]),
  };
}
