import { serve, type ServerType } from "@hono/node-server";

export interface StartedServer {
  /** `http://host:port` as a browser would type it. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on host:port (port 0: any free port) and resolves once the socket is bound. */
export function startServer(fetch: (request: Request) => Response | Promise<Response>, host: string, port: number): Promise<StartedServer> {
  return new Promise((resolve, reject) => {
    const server: ServerType = serve({ fetch, hostname: host, port }, (info) => {
      const url = `http://${host.includes(":") ? `[${host}]` : host}:${info.port}`;
      resolve({ url, port: info.port, close: () => closeServer(server) });
    });
    server.once("error", reject);
  });
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    // Event streams stay open for ever: drop them rather than wait.
    if ("closeAllConnections" in server) server.closeAllConnections();
    server.close(() => resolve());
  });
}

/**
 * The Host values a browser sends for this address: loopback also answers to `localhost`, and
 * `extraNames` are names the user vouches for (`host.docker.internal`, which containers use to
 * reach the host through `extra_hosts: host-gateway`).
 */
export function allowedHostsFor(host: string, port: number, extraNames: readonly string[] = []): string[] {
  const literal = host.includes(":") ? `[${host}]` : host;
  const loopback = host === "127.0.0.1" || host === "::1" || host === "localhost";
  const extra = extraNames.map((name) => `${name}:${port}`);
  return [...new Set([`${literal}:${port}`, ...(loopback ? [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`] : []), ...extra])];
}
