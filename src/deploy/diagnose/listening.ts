import type { Engine } from "../engine-port.js";

/** A TCP socket in LISTEN state inside a container, as `/proc/net/tcp*` lists it. */
export interface ListeningSocket {
  readonly address: string;
  readonly port: number;
}

/** `0100007F` → `127.0.0.1`; the IPv6 form in four little-endian words → its `::`-compressed text. */
function decodeAddress(hex: string): string {
  if (hex.length === 8) return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join(".");
  const bytes: number[] = [];
  for (let word = 0; word < 4; word++) for (const i of [3, 2, 1, 0]) bytes.push(parseInt(hex.slice(word * 8 + i * 2, word * 8 + i * 2 + 2), 16));
  if (bytes.every((b) => b === 0)) return "::";
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255) return `::ffff:${bytes.slice(12).join(".")}`;
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return "::1";
  const groups = Array.from({ length: 8 }, (_, g) => ((bytes[g * 2]! << 8) | bytes[g * 2 + 1]!).toString(16));
  return groups.join(":");
}

/** The LISTEN sockets (state 0A) of `/proc/net/tcp` and `/proc/net/tcp6` text. */
export function parseProcNetTcp(text: string): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    if (fields[3] !== "0A" || !local?.includes(":")) continue;
    const [address, port] = local.split(":");
    sockets.push({ address: decodeAddress(address!), port: parseInt(port!, 16) });
  }
  return sockets.filter((s, i) => sockets.findIndex((o) => o.address === s.address && o.port === s.port) === i);
}

/** Loopback only: other containers and published ports cannot reach it. */
export function isLoopback(address: string): boolean {
  return address.startsWith("127.") || address === "::1" || address.startsWith("::ffff:127.");
}

/** `127.0.0.1:3000`, `[::]:80`. */
export function formatSocket(socket: ListeningSocket): string {
  return socket.address.includes(":") ? `[${socket.address}]:${socket.port}` : `${socket.address}:${socket.port}`;
}

/** The container's listening sockets, or undefined when they cannot be read (no `cat` in the image). */
export async function readListening(engine: Engine, containerId: string): Promise<ListeningSocket[] | undefined> {
  const result = await engine.exec(containerId, { command: ["cat", "/proc/net/tcp", "/proc/net/tcp6"], timeoutMs: 3_000 }).catch(() => undefined);
  if (!result || result.stdout.trim() === "") return undefined;
  // 127.0.0.11 is the engine's embedded DNS, present in every container on a user network.
  return parseProcNetTcp(result.stdout).filter((s) => s.address !== "127.0.0.11");
}

/** How the declared ports stand against the sockets: `ok`, `loopback` (only 127.0.0.1), or `closed`. */
export function portStanding(ports: readonly number[], sockets: readonly ListeningSocket[]): { status: "ok" | "loopback" | "closed"; port?: number } {
  for (const port of ports) {
    const on = sockets.filter((s) => s.port === port);
    if (on.length === 0) return { status: "closed", port };
    if (on.every((s) => isLoopback(s.address))) return { status: "loopback", port };
  }
  return { status: "ok" };
}
