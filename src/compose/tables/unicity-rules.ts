type Obj = Record<string, unknown>;
const field = (item: unknown, key: string): string => String((item as Obj | null)?.[key] ?? "");

/** What makes two entries of a sequence "the same" after merging (compose-go `override/uncity.go`). */
export type UnicityKey = (item: unknown) => string;

const byValue: UnicityKey = (item) => String(item);

/** Sequences that keep one entry per key: the first position, the last value. Others just append. */
export const unicityRules: ReadonlyMap<string, UnicityKey> = new Map<string, UnicityKey>([
  ["services.*.ports", (p) => `${field(p, "host_ip")}|${field(p, "published")}|${field(p, "target")}|${field(p, "protocol")}|${field(p, "mode")}`],
  ["services.*.volumes", (v) => field(v, "target")],
  ["services.*.secrets", (s) => field(s, "target") || `/run/secrets/${field(s, "source")}`],
  ["services.*.configs", (c) => field(c, "target") || `/${field(c, "source")}`],
  ["services.*.env_file", (e) => field(e, "path")],
  ["services.*.devices", (d) => field(d, "target")],
  ["services.*.expose", byValue],
  ["services.*.cap_add", byValue],
  ["services.*.cap_drop", byValue],
  ["services.*.dns", byValue],
  ["services.*.dns_opt", byValue],
  ["services.*.dns_search", byValue],
  ["services.*.extra_hosts", byValue],
  ["services.*.links", byValue],
  ["services.*.profiles", byValue],
  ["services.*.tmpfs", byValue],
  ["services.*.security_opt", byValue],
  ["services.*.build.tags", byValue],
  ["services.*.build.platforms", byValue],
  ["services.*.build.cache_from", byValue],
]);
