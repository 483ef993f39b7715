/** Inputs of `loadProject`, mirroring docker compose's global flags. */
export interface LoadOptions {
  /** Compose files as given with -f (relative to cwd); empty means default discovery. */
  readonly files: readonly string[];
  readonly projectName?: string | undefined;
  readonly profiles: readonly string[];
  readonly envFiles: readonly string[];
  readonly projectDirectory?: string | undefined;
  /** Positional service names: restrict to these and their dependencies. */
  readonly services?: readonly string[];
  /** The shell environment (the process's, or a test's). */
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** Working directory that relative -f, --env-file and --project-directory resolve against. */
  readonly cwd: string;
  /**
   * Lenient mode for `berth check`: keep going past semantic errors, returning them as
   * warnings, so the doctor can report everything at once.
   */
  readonly lenient?: boolean;
}
