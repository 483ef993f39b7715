import { EngineError } from "../common/errors.js";
import type { EngineErrorCode } from "./engine.js";

/** What a failed call carries (engine-http.ts's EngineHttpFailure, dockerode's): an HTTP status and the engine's message. */
interface ModemFailure {
  readonly statusCode?: number;
  readonly json?: { readonly message?: string } | string | null;
  readonly reason?: string;
  readonly code?: string;
  readonly message?: string;
  readonly name?: string;
  /** Node's system errors: the call that failed (`connect`, `open`, `stat`) and the file it named. */
  readonly syscall?: string;
  readonly path?: string;
}

const unreachableCodes = new Set([
  "ECONNREFUSED",
  "ENOENT",
  "EACCES",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EPIPE",
]);

const statusCodes: Readonly<Record<number, EngineErrorCode>> = {
  400: "engine.bad-request",
  404: "engine.not-found",
  409: "engine.conflict",
};

/** The engine's own words for a failure, without dockerode's "(HTTP code 404) no such container -" prefix. */
export function engineMessage(failure: ModemFailure): string {
  const json = failure.json;
  if (typeof json === "object" && json !== null && typeof json.message === "string") return json.message;
  if (typeof json === "string" && json.trim() !== "") return json.trim();
  // Endpoints that answer with a stream (build, pull) leave json empty: the text is in the message.
  const wrapped = /^\(HTTP code \d+\) [^-]*- ([\s\S]*)$/.exec(failure.message ?? "")?.[1]?.trim();
  return wrapped || failure.reason || failure.message || "unknown engine error";
}

/** 304 means "already in that state": the caller treats it as success. */
export function isNotModified(error: unknown): boolean {
  return (error as ModemFailure | undefined)?.statusCode === 304;
}

/**
 * Maps one failed Engine API call (engine-http.ts or dockerode) to an EngineError, once, for every call. `doing` names the
 * operation in the message: `starting container web-1`.
 */
export function toEngineError(error: unknown, doing: string, endpoint: string): EngineError {
  if (error instanceof EngineError) return error;
  const failure = (error ?? {}) as ModemFailure;
  if (failure.name === "AbortError" || failure.code === "ABORT_ERR") {
    return new EngineError("engine.aborted", `${doing}: cancelled`, { cause: error });
  }
  if (failure.statusCode === undefined && failure.code !== undefined && isLocalFileFailure(failure)) {
    // A file of this machine (a build context, a file to copy): no reason to blame the engine.
    return new EngineError("engine.failed", `${doing}: cannot ${failure.syscall === "open" ? "open" : "read"} ${failure.path} (${failure.code})`, {
      hint: failure.code === "ENOENT" ? "the file was there when berth started and is gone now: run again once it is back" : "make the file readable for the user running berth",
      cause: error,
    });
  }
  if (failure.statusCode === undefined && failure.code !== undefined && unreachableCodes.has(failure.code)) {
    return unreachable(endpoint, failure.code, error);
  }
  if (failure.code === "ERR_UNESCAPED_CHARACTERS") {
    return new EngineError(
      "engine.bad-request",
      `${doing}: the name contains characters the Engine API does not accept`,
      { cause: error },
    );
  }
  const code = statusCodes[failure.statusCode ?? 0] ?? "engine.failed";
  const status = failure.statusCode === undefined ? "" : ` (HTTP ${failure.statusCode})`;
  return new EngineError(code, `${doing}: ${engineMessage(failure)}${status}`, { cause: error });
}

/** ENOENT/EACCES of a file berth reads, not of the socket it connects to (`syscall: connect`). */
function isLocalFileFailure(failure: ModemFailure): boolean {
  return (failure.code === "ENOENT" || failure.code === "EACCES" || failure.code === "EPERM") && failure.syscall !== undefined && failure.syscall !== "connect" && typeof failure.path === "string";
}

/** The engine does not answer at all: say where berth looked and how to fix it. */
export function unreachable(endpoint: string, reason: string, cause?: unknown): EngineError {
  return new EngineError("engine.unreachable", `cannot reach the Docker engine at ${endpoint} (${reason})`, {
    hint: "start the engine (dockerd, Docker Desktop, or scripts/harness/setup-engine.sh) or set DOCKER_HOST to a running one",
    cause,
  });
}
