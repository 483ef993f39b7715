import { posix } from "node:path";
import { isTree, type Tree } from "./parse.js";

/** Where relative paths of a file resolve, and what `~` means. */
export interface PathBase {
  readonly dir: string;
  readonly home: string;
}

type Obj = Record<string, unknown>;

/** A build context that is fetched, not read from disk: kept as written. */
export function isRemoteContext(context: string): boolean {
  return /^(https?:\/\/|git:\/\/|git@|github\.com\/|ssh:\/\/)/.test(context) || /^[a-z][a-z0-9+.-]*:\/\//i.test(context);
}

/** An absolute, cleaned path; `~` expands to home. Absolute input only gets cleaned. */
export function absolutePath(path: string, base: PathBase): string {
  if (path === "~" || path.startsWith("~/")) return posix.normalize(base.home + path.slice(1)).replace(/(.)\/$/, "$1");
  return posix.resolve(base.dir, path);
}

/** Makes every file path of one service absolute: build, bind mounts, env files. */
export function resolveServicePaths(service: Tree, base: PathBase): Tree {
  const result: Tree = { ...service };
  if (isTree(service["build"])) result["build"] = resolveBuild(service["build"], base);
  if (Array.isArray(service["volumes"])) result["volumes"] = service["volumes"].map((v) => resolveMount(v, base));
  const develop = service["develop"];
  if (isTree(develop) && Array.isArray(develop["watch"])) {
    result["develop"] = { ...develop, watch: develop["watch"].map((w) => (isTree(w) && typeof w["path"] === "string" ? { ...w, path: absolutePath(w["path"], base) } : w)) };
  }
  if (Array.isArray(service["env_file"])) {
    result["env_file"] = service["env_file"].map((e) => (isTree(e) && typeof e["path"] === "string" ? { ...e, path: absolutePath(e["path"], base) } : e));
  }
  return result;
}

function resolveBuild(build: Obj, base: PathBase): Obj {
  const context = typeof build["context"] === "string" ? build["context"] : ".";
  const result: Obj = { ...build, context: isRemoteContext(context) ? context : absolutePath(context, base) };
  const extra = build["additional_contexts"];
  if (isTree(extra)) {
    result["additional_contexts"] = Object.fromEntries(
      Object.entries(extra).map(([key, value]) => [key, typeof value === "string" && !isRemoteContext(value) && !value.startsWith("docker-image:") && !value.startsWith("service:") ? absolutePath(value, base) : value]),
    );
  }
  return result;
}

function resolveMount(mount: unknown, base: PathBase): unknown {
  if (!isTree(mount) || mount["type"] !== "bind" || typeof mount["source"] !== "string") return mount;
  return { ...mount, source: absolutePath(mount["source"], base) };
}

/** Makes file paths of top-level secrets, configs and local bind volumes absolute. */
export function resolveResourcePaths(tree: Tree, base: PathBase): Tree {
  const result: Tree = { ...tree };
  for (const section of ["secrets", "configs"]) {
    const entries = tree[section];
    if (!isTree(entries)) continue;
    result[section] = mapEntries(entries, (entry) => (typeof entry["file"] === "string" ? { ...entry, file: absolutePath(entry["file"], base) } : entry));
  }
  if (isTree(tree["volumes"])) result["volumes"] = mapEntries(tree["volumes"], (volume) => resolveVolumeDevice(volume, base));
  return result;
}

// A `local` volume with `o: bind` is a bind mount in disguise: its device is a host path.
function resolveVolumeDevice(volume: Obj, base: PathBase): Obj {
  const options = volume["driver_opts"];
  if (volume["driver"] !== "local" || !isTree(options) || options["o"] !== "bind" || typeof options["device"] !== "string") return volume;
  return { ...volume, driver_opts: { ...options, device: absolutePath(options["device"], base) } };
}

function mapEntries(entries: Tree, fn: (entry: Obj) => Obj): Tree {
  return Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, isTree(value) ? fn(value) : value]));
}
