import { isIP } from "node:net";

/** A port mapping in compose's long form, before defaults beyond mode and protocol. */
export interface PortMapping {
  mode: string;
  host_ip?: string;
  target: number;
  published?: string;
  protocol: string;
}

/** Thrown text names the part that is wrong; the caller adds file and position. */
export class PortSyntaxError extends Error {}

/**
 * Expands a short port spec (`8080:80`, `127.0.0.1:8000-8001:8000-8001/udp`, `3000`) into one
 * mapping per container port, as docker's nat.ParsePortSpec does.
 */
export function parsePortSpec(spec: string): PortMapping[] {
  const [rawPort, protocol = "tcp"] = splitProtocol(spec);
  if (!/^(tcp|udp|sctp)$/.test(protocol)) throw new PortSyntaxError(`invalid proto: ${protocol}`);
  const { ip, host, container } = splitParts(rawPort);
  if (ip !== "" && isIP(ip) === 0) throw new PortSyntaxError(`invalid IP address: ${ip}`);
  const targets = parseRange(container, "containerPort");
  const published = host === "" ? undefined : parseRange(host, "hostPort");
  if (published && published.length !== targets.length && published.length !== 1 && targets.length !== 1) {
    throw new PortSyntaxError(`invalid ranges specified for container and host Ports: ${container} and ${host}`);
  }
  return targets.map((target, index) => ({
    mode: "ingress",
    ...(ip === "" ? {} : { host_ip: ip }),
    target,
    ...(published ? { published: publishedFor(published, targets.length, index, host) } : {}),
    protocol,
  }));
}

function publishedFor(published: number[], targetCount: number, index: number, raw: string): string {
  if (published.length === targetCount) return String(published[index]);
  return raw;
}

function splitProtocol(spec: string): [string, string?] {
  const slash = spec.lastIndexOf("/");
  return slash < 0 ? [spec] : [spec.slice(0, slash), spec.slice(slash + 1)];
}

function splitParts(raw: string): { ip: string; host: string; container: string } {
  const bracketed = /^\[([^\]]+)\]:(.*)$/.exec(raw);
  if (bracketed) {
    const [host = "", container = ""] = splitLast(bracketed[2] ?? "");
    return { ip: bracketed[1] ?? "", host, container };
  }
  const parts = raw.split(":");
  if (parts.length === 1) return { ip: "", host: "", container: parts[0] ?? "" };
  if (parts.length === 2) return { ip: "", host: parts[0] ?? "", container: parts[1] ?? "" };
  const container = parts.pop() ?? "";
  const host = parts.pop() ?? "";
  return { ip: parts.join(":"), host, container };
}

function splitLast(text: string): [string, string] {
  const colon = text.lastIndexOf(":");
  return colon < 0 ? ["", text] : [text.slice(0, colon), text.slice(colon + 1)];
}

function parseRange(text: string, what: string): number[] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  const start = Number(match?.[1]);
  const end = match?.[2] === undefined ? start : Number(match[2]);
  if (!match || end < start || end > 65535) throw new PortSyntaxError(`invalid ${what}: ${text}`);
  return Array.from({ length: end - start + 1 }, (_, index) => start + index);
}
