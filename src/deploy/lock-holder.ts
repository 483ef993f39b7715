import { readFileSync, readlinkSync } from "node:fs";
import { hostname } from "node:os";

/** Who holds a lock file: enough to tell a live owner from a dead one whose pid was reused. */
export interface LockHolder {
  readonly pid: number;
  /** The process's start time in clock ticks since boot (`/proc/PID/stat` field 22). */
  readonly start?: string;
  /** `/proc/sys/kernel/random/boot_id`: a different one means the machine rebooted since. */
  readonly boot?: string;
  /** The pid namespace (`/proc/self/ns/pid`): a pid means something only inside its own. */
  readonly pidns?: string;
  readonly host?: string;
}

/** This process, as a lock holder. Fields /proc cannot give (not Linux) are left out. */
export function ownIdentity(): LockHolder {
  const start = startTimeOf(process.pid);
  const boot = readProc("/proc/sys/kernel/random/boot_id");
  const pidns = pidNamespace();
  return { pid: process.pid, ...(start === undefined ? {} : { start }), ...(boot === undefined ? {} : { boot }), ...(pidns === undefined ? {} : { pidns }), host: hostname() };
}

/**
 * Reads a lock file's content. Empty, half-written or garbled content gives undefined (no live
 * berth writes such a file: the lock is stale). A bare pid is the format of older berths.
 */
export function parseHolder(text: string | undefined): LockHolder | undefined {
  if (text === undefined) return undefined;
  if (/^\d+\s*$/.test(text)) return { pid: Number.parseInt(text, 10) };
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    if (typeof parsed !== "object" || parsed === null || !Number.isSafeInteger(parsed["pid"]) || (parsed["pid"] as number) <= 0) return undefined;
    const text_ = (key: string) => (typeof parsed[key] === "string" ? { [key]: parsed[key] as string } : {});
    return { pid: parsed["pid"] as number, ...text_("start"), ...text_("boot"), ...text_("pidns"), ...text_("host") };
  } catch {
    return undefined;
  }
}

/**
 * Whether the holder still runs. Another boot: no. Another pid namespace: its pids mean nothing
 * here, so it is taken as alive (never two holders; the hint tells how to remove a dead one).
 * Same namespace: the pid must exist and, where /proc tells, have the recorded start time (else
 * the pid now belongs to some other process).
 */
export function isHolderAlive(holder: LockHolder): boolean {
  const own = ownIdentity();
  if (holder.boot !== undefined && own.boot !== undefined && holder.boot !== own.boot) return false;
  if (holder.pidns !== undefined && holder.pidns !== own.pidns) return true;
  if (holder.pidns === undefined && holder.host !== undefined && holder.host !== own.host) return true;
  if (!pidExists(holder.pid)) return false;
  if (holder.start === undefined) return true;
  const start = startTimeOf(holder.pid);
  return start === undefined || start === holder.start;
}

/** For messages: `pid 123 on host-a`. */
export function describeHolder(holder: LockHolder | undefined): string {
  if (holder === undefined) return "pid ?";
  return `pid ${holder.pid}${holder.host === undefined ? "" : ` on ${holder.host}`}`;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Field 22 of /proc/PID/stat; the name (field 2) may hold spaces and parentheses, so count from its end. */
export function startTimeOf(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields[19];
}

function pidNamespace(): string | undefined {
  try {
    return readlinkSync("/proc/self/ns/pid");
  } catch {
    return undefined;
  }
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return undefined;
  }
}
