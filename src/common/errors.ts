/** A place in a user's file, as shown in messages: `compose.yaml:12:5`. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * Exit codes CI can trust. 1 means "your stack or its configuration is wrong", 2 means
 * "the command line is wrong", 3 means "the environment (engine) is not usable", 70 is a bug.
 */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  environment: 3,
  internal: 70,
} as const;

export interface BerthErrorOptions {
  readonly hint?: string;
  readonly location?: SourceLocation;
  readonly cause?: unknown;
}

/** Every error berth expects to happen. Only cli/main.ts prints these and sets the exit code. */
export class BerthError extends Error {
  readonly code: string;
  readonly exitCode: number;
  readonly hint: string | undefined;
  readonly location: SourceLocation | undefined;

  constructor(code: string, message: string, exitCode: number, options: BerthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.location = options.location;
  }
}

/** The command line itself is wrong (unknown flag, invalid project name given with -p). */
export class UsageError extends BerthError {
  constructor(message: string, options: BerthErrorOptions = {}) {
    super("usage", message, ExitCode.usage, options);
  }
}

/** A compose file, env file or other input of the user is invalid. */
export class ConfigError extends BerthError {
  constructor(code: string, message: string, options: BerthErrorOptions = {}) {
    super(code, message, ExitCode.failed, options);
  }
}

/** The Docker engine cannot be reached or refused an operation berth needs. */
export class EngineError extends BerthError {
  constructor(code: string, message: string, options: BerthErrorOptions & { exitCode?: number } = {}) {
    super(code, message, options.exitCode ?? ExitCode.environment, options);
  }
}

/** A deployment, verification or backup did not succeed; details travel as data. */
export class OperationFailed extends BerthError {
  constructor(code: string, message: string, options: BerthErrorOptions = {}) {
    super(code, message, ExitCode.failed, options);
  }
}

/** Something berth did not expect: a bug to report, never the user's fault. */
export class InternalError extends BerthError {
  constructor(message: string, options: BerthErrorOptions = {}) {
    super("internal", message, ExitCode.internal, options);
  }
}

/** `file:line:column`, the form editors and terminals turn into links. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}
