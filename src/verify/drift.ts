import type { ContainerChange, ContainerMount } from "../engine/engine.js";

/**
 * Paths a running container writes by design, whose loss on a recreate costs nothing: temporary
 * files, runtime sockets and pid files, caches, logs, package-manager caches, Python bytecode.
 */
const transientPrefixes = ["/tmp", "/var/tmp", "/run", "/var/run", "/dev", "/proc", "/sys", "/var/cache", "/var/log", "/root/.cache", "/root/.npm", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/etc/mtab"];
const transientNames = /(^|\/)(__pycache__|\.cache|\.npm|\.yarn-cache|node-compile-cache)(\/|$)|\.pyc$/;

/**
 * The files of a container that are in neither its image nor a volume, bind mount or tmpfs
 * (`docker diff` outside its mounts and outside what containers write by design): a module copied
 * in by `docker cp`, a hot fix edited in place. A recreate (the next `up` with a change, a
 * rollout, a rollback) starts from the image again and loses them. Only files added or changed,
 * and only the deepest paths (the folders above them are listed as changed too).
 */
export function driftedFiles(changes: readonly ContainerChange[], mounts: readonly ContainerMount[], workingDir = ""): string[] {
  const mounted = mounts.map((mount) => mount.Destination);
  // The engine itself creates the working directory and the folders mounts hang from; nginx's
  // entrypoint renders mounted templates into conf.d at every start (a recreate renders them again).
  const rendered = mounted.some((dir) => isUnder(dir, "/etc/nginx/templates")) ? ["/etc/nginx/conf.d"] : [];
  const madeByEngine = (path: string) => path === workingDir || mounted.some((dir) => isUnder(dir, path)) || rendered.some((dir) => isUnder(path, dir));
  const kept = changes.filter((change) => change.kind !== "deleted" && !isTransient(change.path) && !madeByEngine(change.path) && !mounted.some((dir) => isUnder(change.path, dir)));
  const paths = kept.map((change) => change.path);
  return paths.filter((path) => !paths.some((other) => other !== path && isUnder(other, path))).sort();
}

function isTransient(path: string): boolean {
  return transientPrefixes.some((prefix) => isUnder(path, prefix)) || transientNames.test(path) || /^\/home\/[^/]+\/\.(cache|npm)(\/|$)/.test(path);
}

function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith("/") ? dir : `${dir}/`);
}
