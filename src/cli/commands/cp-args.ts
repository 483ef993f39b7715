import { UsageError } from "../../common/errors.js";

/** `berth cp`'s two arguments, once it is known which one is inside a container. */
export interface CpArguments {
  /** `out`: SERVICE:SRC DEST; `in`: SRC SERVICE:DEST. */
  readonly direction: "out" | "in";
  readonly service: string;
  /** The path inside the container, absolute (`/` is the container's root, as docker cp takes it), its trailing `/` or `/.` kept. */
  readonly containerPath: string;
  /** The local path as given (relative to the working folder). */
  readonly localPath: string;
}

export interface CpTargetOptions {
  /** `--index N`: that replica only. */
  readonly index: number | undefined;
  /** `--all`: one-off containers of the service too. */
  readonly all: boolean;
}

/**
 * `SERVICE:PATH` or a local path, as docker cp splits them: an absolute path, or one starting with
 * `.`, is local even with a colon in it (`./a:b`, `/tmp/x:y`).
 */
export function splitCpArgument(argument: string): { service: string; path: string } | { path: string } {
  if (argument.startsWith("/") || argument.startsWith(".")) return { path: argument };
  const colon = argument.indexOf(":");
  if (colon < 0) return { path: argument };
  return { service: argument.slice(0, colon), path: argument.slice(colon + 1) };
}

const usage = "berth cp SERVICE:SRC_PATH DEST_PATH, or berth cp SRC_PATH SERVICE:DEST_PATH";

/** Which side is the container's; exit 2 for two local paths, two services, `-` or an empty part. */
export function parseCpArguments(source: string, destination: string): CpArguments {
  if (source === "-" || destination === "-") throw new UsageError("berth cp does not read or write a tar stream on stdin/stdout ('-')", { hint: `${usage}; docker compose cp can stream with '-'` });
  const from = splitCpArgument(source);
  const to = splitCpArgument(destination);
  const fromService = "service" in from;
  const toService = "service" in to;
  if (fromService === toService) {
    throw new UsageError(fromService ? "berth cp copies between a container and this machine, not between two containers" : "berth cp needs SERVICE:PATH on one side", { hint: usage });
  }
  const inside = fromService ? from : (to as { service: string; path: string });
  const local = fromService ? to : from;
  if (inside.service === "") throw new UsageError(`the service is missing before ':${inside.path}'`, { hint: usage });
  if (inside.path === "") throw new UsageError(`the path inside ${inside.service} is missing after '${inside.service}:'`, { hint: usage });
  if (local.path === "") throw new UsageError("the local path is empty", { hint: usage });
  return {
    direction: fromService ? "out" : "in",
    service: inside.service,
    containerPath: inside.path.startsWith("/") ? inside.path : `/${inside.path}`,
    localPath: local.path,
  };
}

/** `--index N` (a replica number from 1) and `--all`, which only copying into a service may use. */
export function parseCpTargetOptions(raw: Record<string, unknown>, direction: CpArguments["direction"]): CpTargetOptions {
  const all = raw["all"] === true;
  const given = raw["index"];
  const index = given === undefined ? undefined : Number(given);
  if (index !== undefined && (!Number.isInteger(index) || index < 1)) throw new UsageError(`--index must be a replica number from 1, got ${String(given)}`);
  if (all && index !== undefined) throw new UsageError("--index picks one container and --all every one: give one of them");
  if (all && direction === "out") throw new UsageError("--all copies into every container of a service; a copy out of a service comes from one container (--index N)");
  return { index, all };
}
