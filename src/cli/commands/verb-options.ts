import { UsageError } from "../../common/errors.js";

/** `-t/--timeout` of `stop`, `restart` and `rm -s`: whole seconds, 0 or more. */
export function stopTimeout(value: unknown): number {
  const parsed = Number(value ?? 10);
  if (!Number.isInteger(parsed) || parsed < 0) throw new UsageError(`-t/--timeout must be a whole number of seconds, got ${String(value)}`);
  return parsed;
}

/** A `--timeout`/`--wait-timeout` in seconds (a fraction allowed), more than 0; in milliseconds. */
export function positiveSecondsMs(flag: string, value: unknown): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new UsageError(`${flag} must be a positive number of seconds, got ${String(value)}`);
  return parsed * 1000;
}

/** `kill -s`: a signal name (`SIGTERM`, `HUP`) or number, as the engine accepts them. */
export function signalName(value: unknown): string {
  const text = String(value ?? "SIGKILL").toUpperCase();
  if (/^\d{1,2}$/.test(text)) return text;
  const name = text.startsWith("SIG") ? text : `SIG${text}`;
  if (!/^SIG[A-Z0-9+-]{2,12}$/.test(name)) throw new UsageError(`-s/--signal: ${String(value)} is not a signal name`, { hint: "use a name such as SIGTERM, SIGHUP or SIGKILL" });
  return name;
}
