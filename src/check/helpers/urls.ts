/** The parts of a URL-like value (`postgres://u:p@db:5432/app`) that cross-file rules compare. */
export interface ParsedUrl {
  readonly scheme: string;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly host: string;
  readonly port: number | undefined;
  readonly path: string;
}

const urlPattern = /^([a-z][a-z0-9+.-]*):\/\/(?:([^:@/\s]*)(?::([^@\s]*))?@)?(\[[^\]]+\]|[^:/?#\s,]+)(?::(\d+))?([^?#\s]*)/i;

/** Parses a connection-string or http URL; undefined for anything else (templates, lists). */
export function parseUrl(value: string): ParsedUrl | undefined {
  const match = urlPattern.exec(value.trim());
  if (!match) return undefined;
  const decode = (text: string | undefined) => {
    if (text === undefined) return undefined;
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  return {
    scheme: (match[1] ?? "").toLowerCase(),
    user: decode(match[2]),
    password: decode(match[3]),
    host: (match[4] ?? "").toLowerCase(),
    port: match[5] === undefined ? undefined : Number(match[5]),
    path: match[6] ?? "",
  };
}

/** Default ports of schemes, so `postgres://db/app` compares as port 5432. */
export const defaultPorts: Readonly<Record<string, number>> = {
  http: 80, https: 443, ws: 80, wss: 443, postgres: 5432, postgresql: 5432, mysql: 3306, mariadb: 3306,
  mongodb: 27017, redis: 6379, rediss: 6379, amqp: 5672, nats: 4222,
};

export const isLocalHost = (host: string): boolean => host === "localhost" || host === "127.0.0.1" || host === "0.0.0.0" || host === "[::1]";
