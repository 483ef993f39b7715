import { readFile, readdir, readlink } from "node:fs/promises";
import type { Engine } from "../engine-port.js";

/**
 * Who holds a host port: a container publishing it (found through the engine), else a local
 * process listening on it (found through /proc on Linux). Undefined when neither is visible.
 */
export async function findPortHolder(engine: Engine, port: number, exceptContainer?: string): Promise<string | undefined> {
  const containers = await engine.listContainers({ includeStopped: false }).catch(() => []);
  const holder = containers.find((c) => c.id !== exceptContainer && c.ports.some((p) => p.publicPort === port));
  if (holder) {
    const project = holder.labels["com.docker.compose.project"];
    return `container ${holder.name}${project ? ` (project ${project})` : ""}`;
  }
  return findListeningProcess(port);
}

async function findListeningProcess(port: number): Promise<string | undefined> {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const text = await readFile(table, "utf8").catch(() => "");
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const localPort = Number.parseInt(fields[1]?.split(":")[1] ?? "", 16);
      if (localPort === port && fields[3] === "0A" && fields[9]) inodes.add(fields[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  return (await processOwning(inodes)) ?? `a process outside containers (socket inode ${[...inodes][0]})`;
}

async function processOwning(inodes: Set<string>): Promise<string | undefined> {
  const pids = (await readdir("/proc").catch(() => [])).filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
    for (const fd of fds) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode && inodes.has(inode)) {
        const command = (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).replaceAll("\0", " ").trim();
        return `process ${pid} (${command || "unknown command"})`;
      }
    }
  }
  return undefined;
}
