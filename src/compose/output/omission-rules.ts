/**
 * How compose's Go types print (`encoding/json` tags of compose-go `types`): which keys are
 * left out when false or empty, and the key order of small structs. Keys are rule keys with
 * `*` for names and list indexes (tables/rule-lookup.ts `ruleKeyWithIndexes`).
 */

/** Booleans printed even when false (`*bool` fields and `required`). */
export const keepFalse: ReadonlySet<string> = new Set([
  "services.*.init",
  "services.*.attach",
  "services.*.depends_on.*.required",
  "services.*.volumes.*.bind.create_host_path",
]);

/** Booleans compose prints only when false (`OptOut`: true is the default). */
export const omitTrue: ReadonlySet<string> = new Set(["services.*.volumes.*.bind.create_host_path"]);

/** Empty values that are printed anyway (pointers to empty structs, explicitly emptied lists). */
export const keepEmpty: ReadonlySet<string> = new Set([
  "services.*.command",
  "services.*.entrypoint",
  "services.*.volumes.*.volume",
  "services.*.volumes.*.bind",
  "networks.*.ipam",
]);

/** Service keys compose never prints (`json:"-"`) or that `config` discards (env_file). */
export const hiddenServiceKeys: ReadonlySet<string> = new Set(["name", "env_file"]);

/** Struct field order, where compose's differs from how the user wrote it. */
export const fieldOrder: ReadonlyMap<string, readonly string[]> = new Map([
  ["services.*.ports.*", ["name", "mode", "host_ip", "target", "published", "protocol", "app_protocol"]],
  ["services.*.volumes.*", ["type", "source", "target", "read_only", "consistency", "bind", "volume", "tmpfs", "image"]],
  ["services.*.depends_on.*", ["condition", "restart", "required"]],
  ["services.*.secrets.*", ["source", "target", "uid", "gid", "mode"]],
  ["services.*.configs.*", ["source", "target", "uid", "gid", "mode"]],
  ["services.*.healthcheck", ["test", "timeout", "interval", "retries", "start_period", "start_interval", "disable"]],
]);
