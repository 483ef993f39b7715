/**
 * The password a Redis service was started with, found in the service's own configuration:
 * `REDIS_PASSWORD` in its environment (the flagship's convention), or `--requirepass` on its
 * command line: an argv element as written, or in a `sh -c` command line, literally or as
 * `$VAR` / `${VAR}` of the container's environment. Handed to redis-cli as REDISCLI_AUTH, never on a command line or in output.
 */
export function redisPassword(command: readonly string[], env: Readonly<Record<string, string>>): string | undefined {
  const fromEnv = env["REDIS_PASSWORD"];
  // In an argv command nothing expands variables: the value is the password as written.
  const inShell = requirepassInShell(command.join(" "));
  const value = requirepassInArgv(command) ?? (inShell === undefined ? undefined : expand(inShell, env));
  if (value !== undefined && value !== "") return value;
  return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
}

function requirepassInArgv(command: readonly string[]): string | undefined {
  const at = command.indexOf("--requirepass");
  return at >= 0 && at + 1 < command.length ? command[at + 1] : undefined;
}

function requirepassInShell(text: string): string | undefined {
  const match = /--requirepass\s+(?:"([^"]*)"|'([^']*)'|([^\s;&|]+))/.exec(text);
  return match === null ? undefined : (match[1] ?? match[2] ?? match[3]);
}

/** `$VAR`, `${VAR}` and compose's escaped `$$VAR` name a variable of the container's environment. */
function expand(value: string, env: Readonly<Record<string, string>>): string | undefined {
  const variable = /^\$?\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(value);
  if (variable === null) return value.includes("$") ? undefined : value;
  return env[variable[1] ?? variable[2] ?? ""];
}
