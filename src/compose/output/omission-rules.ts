import { matchesPattern, type TreePath } from "../tree-path.js";

/**
 * How compose's Go types print (`encoding/json` tags of compose-go `types`): which keys are
 * left out when false or empty, and the key order of small structs. Keys are path patterns,
 * `*` matching any one key or index.
 */

/** Booleans printed even when false (`*bool` fields and `required`). */
export const keepFalse: readonly string[] = [
  "services.*.init",
  "services.*.attach",
  "services.*.depends_on.*.required",
  "services.*.volumes.*.bind.create_host_path",
  "networks.*.enable_ipv4",
  "networks.*.enable_ipv6",
];

/** Booleans compose prints only when false (`OptOut`: true is the default). */
export const omitTrue: readonly string[] = ["services.*.volumes.*.bind.create_host_path"];

/** Empty values that are printed anyway (pointers to empty structs, explicitly emptied lists). */
export const keepEmpty: readonly string[] = [
  "services.*.command",
  "services.*.entrypoint",
  "services.*.volumes.*.volume",
  "services.*.volumes.*.bind",
  "services.*.networks.*",
  "services.*.healthcheck",
  "services.*.deploy",
  "services.*.logging",
  "networks.*.ipam",
];

/** Service keys compose never prints (`json:"-"`) or that `config` discards (env_file). */
export const hiddenServiceKeys: ReadonlySet<string> = new Set(["name", "env_file"]);

/** Struct field order, where compose's differs from how the user wrote it. */
export const fieldOrder: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ["services.*.ports.*", ["name", "mode", "host_ip", "target", "published", "protocol", "app_protocol"]],
  ["services.*.volumes.*", ["type", "source", "target", "read_only", "consistency", "bind", "volume", "tmpfs", "image"]],
  ["services.*.depends_on.*", ["condition", "restart", "required"]],
  ["services.*.secrets.*", ["source", "target", "uid", "gid", "mode"]],
  ["services.*.configs.*", ["source", "target", "uid", "gid", "mode"]],
  ["services.*.build", ["context", "dockerfile", "dockerfile_inline", "entitlements", "args", "ssh", "labels", "cache_from", "cache_to", "no_cache", "additional_contexts", "network", "pull", "target", "shm_size", "extra_hosts", "isolation", "privileged", "secrets", "tags", "ulimits", "platforms"]],
  ["networks.*", ["name", "driver", "driver_opts", "ipam", "external", "internal", "attachable", "labels", "enable_ipv4", "enable_ipv6"]],
  ["volumes.*", ["name", "driver", "driver_opts", "external", "labels"]],
  ["secrets.*", ["name", "file", "environment", "content", "external", "labels", "driver", "driver_opts", "template_driver"]],
  ["configs.*", ["name", "file", "environment", "content", "external", "labels", "template_driver"]],
  ["services.*.healthcheck", ["test", "timeout", "interval", "retries", "start_period", "start_interval", "disable"]],
]);

/** Whether the path matches one of the patterns. */
export function matchesAny(patterns: readonly string[], path: TreePath): boolean {
  return patterns.some((pattern) => matchesPattern(path, pattern));
}

/** The field order for the mapping at `path`, if compose's struct order is listed. */
export function orderFor(path: TreePath): readonly string[] | undefined {
  for (const [pattern, order] of fieldOrder) if (matchesPattern(path, pattern)) return order;
  return undefined;
}
