import { posix } from "node:path";
import type { NginxConfig, ServiceView } from "../context.js";
import type { FileTree } from "../files/file-tree.js";
import { isNginxImage } from "../knowledge/service-kinds.js";
import { globToRegExp } from "../helpers/build-facts.js";
import { parseNginx, type NginxDirective, type NginxFile } from "./nginx.js";

/** A host file or directory that appears at a container path. */
interface Mount {
  readonly container: string;
  readonly host: string;
}

const mainConfig = "/etc/nginx/nginx.conf";
const isConfigName = (name: string) => /\.(conf|template)$/.test(name);

/** The nginx configs of every nginx service, found through bind mounts and Dockerfile COPYs. */
export function loadNginxConfigs(services: readonly ServiceView[], dir: string, files: FileTree): NginxConfig[] {
  return services.filter((view) => isNginxImage(view.baseImage)).flatMap((view) => serviceConfigs(view, dir, files));
}

function serviceConfigs(view: ServiceView, dir: string, files: FileTree): NginxConfig[] {
  const mounts = [...volumeMounts(view, dir), ...copyMounts(view)];
  const parse = memoParse(files);
  const roots = mounts.flatMap((mount) => expandMount(mount, files)).filter((root) => root.container.startsWith("/etc/nginx/"));
  const main = roots.find((root) => root.container === mainConfig);
  const included = new Set<string>();
  const configs: NginxConfig[] = [];
  for (const root of main ? [main, ...roots.filter((root) => root !== main)] : roots) {
    if (included.has(root.host)) continue;
    const file = parse(root.host);
    if (!file) continue;
    const directives = expandIncludes(file.directives, mounts, files, parse, included, 0);
    configs.push({ service: view.name, file, containerPath: root.container, context: root === main ? "main" : "http", directives });
  }
  return main ? configs.filter((config) => config.context === "main" || !included.has(config.file.path)) : configs;
}

function volumeMounts(view: ServiceView, dir: string): Mount[] {
  return (view.service.volumes ?? [])
    // A long-syntax volume may lack `target`: it mounts nowhere a config could be read from.
    .filter((volume) => volume.type === "bind" && volume.source !== undefined && typeof volume.target === "string")
    .map((volume) => ({ container: volume.target, host: posix.resolve(dir, volume.source!) }));
}

function copyMounts(view: ServiceView): Mount[] {
  const build = view.build;
  if (!build?.stage) return [];
  return build.stage.instructions
    .filter((instruction) => (instruction.keyword === "COPY" || instruction.keyword === "ADD") && instruction.flags["from"] === undefined)
    .flatMap((instruction) => {
      const dest = instruction.args.at(-1) ?? "";
      return instruction.args.slice(0, -1).map((source) => ({
        container: dest.endsWith("/") ? posix.join(dest, posix.basename(source)) : dest,
        host: posix.join(build.contextDir, source),
      }));
    });
}

function expandMount(mount: Mount, files: FileTree): Mount[] {
  if (!files.isDirectory(mount.host)) return files.exists(mount.host) ? [mount] : [];
  return files.list(mount.host).filter(isConfigName).map((name) => ({ container: posix.join(mount.container, name), host: posix.join(mount.host, name) }));
}

function memoParse(files: FileTree): (host: string) => NginxFile | undefined {
  const cache = new Map<string, NginxFile | undefined>();
  return (host) => {
    if (!cache.has(host)) {
      const text = files.readText(host);
      cache.set(host, text === undefined ? undefined : parseNginx(host, text));
    }
    return cache.get(host);
  };
}

// Includes are spliced in place so rules see the tree nginx sees; depth is bounded against cycles.
function expandIncludes(directives: readonly NginxDirective[], mounts: Mount[], files: FileTree, parse: (host: string) => NginxFile | undefined, seen: Set<string>, depth: number): NginxDirective[] {
  return directives.flatMap((directive) => {
    if (directive.name === "include" && depth < 8) {
      const hosts = resolveInclude(directive.args[0] ?? "", mounts, files);
      if (hosts.length === 0) return [directive];
      return hosts.flatMap((host) => {
        seen.add(host);
        return expandIncludes(parse(host)?.directives ?? [], mounts, files, parse, seen, depth + 1);
      });
    }
    if (!directive.block) return [directive];
    return [{ ...directive, block: expandIncludes(directive.block, mounts, files, parse, seen, depth) }];
  });
}

// An include may name files mounted one by one (COPY a.conf /etc/nginx/conf.d/a.conf) or files
// inside a mounted directory; both count, in nginx's sorted glob order.
function resolveInclude(pattern: string, mounts: readonly Mount[], files: FileTree): string[] {
  const container = posix.resolve("/etc/nginx", pattern);
  const directory = posix.dirname(container);
  const matcher = globToRegExp(posix.basename(container));
  // A malformed glob (`[` unclosed) includes nothing nginx could read: nginx itself refuses it.
  if (matcher === undefined) return [];
  const direct = mounts.filter((mount) => posix.dirname(mount.container) === directory && matcher.test(posix.basename(mount.container)) && files.exists(mount.host) && !files.isDirectory(mount.host));
  const covering = [...mounts].sort((a, b) => b.container.length - a.container.length)
    .find((mount) => files.isDirectory(mount.host) && (directory === mount.container || directory.startsWith(`${mount.container}/`)));
  const hostDir = covering ? posix.join(covering.host, posix.relative(covering.container, directory)) : undefined;
  const listed = hostDir === undefined ? [] : files.list(hostDir).filter((name) => matcher.test(name)).map((name) => posix.join(hostDir, name));
  return [...new Set([...direct.map((mount) => mount.host), ...listed])].sort();
}
