import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import { io, type Socket } from "socket.io-client";
import { waitFor } from "./wait-for.js";

export { waitFor };

// Shared by the flagship e2e files: a docker-compose v1 (Debian's 1.29) runner (the dev
// override's driver, and the compatibility check that compose sees berth's containers), the
// app's clients (notes, Socket.IO) and small waiting helpers.

export const run = promisify(execFile);
export const EXAMPLE = join(import.meta.dirname, "..", "..", "examples", "fullstack");

export const secret = (): string => randomBytes(24).toString("hex");

export type Compose = (args: string[], timeout?: number) => Promise<string>;

export interface ComposeSetup {
  project: string;
  cwd?: string;
  files?: string[];
  env: Record<string, string>;
}

/**
 * A docker-compose runner for one project. The process environment wins over a developer's
 * examples/fullstack/.env, so a run is isolated; the classic builder because the engine here
 * has no buildx (and the Dockerfiles need nothing from BuildKit).
 */
export function composeRunner(setup: ComposeSetup): Compose {
  const env = { ...process.env, COMPOSE_PROJECT_NAME: setup.project, DOCKER_BUILDKIT: "0", COMPOSE_DOCKER_CLI_BUILD: "0", ...setup.env };
  const fileArgs = (setup.files ?? []).flatMap((file) => ["-f", file]);
  return async (args, timeout = 300_000) => {
    const options = { cwd: setup.cwd ?? EXAMPLE, env, timeout, maxBuffer: 64 * 1024 * 1024 };
    return (await run("docker-compose", [...fileArgs, ...args], options)).stdout;
  };
}

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const result = await fn();
  return [result, (Date.now() - started) / 1000];
}

/** "healthy", "starting", "unhealthy", or the state of a container without a healthcheck. */
export async function healthOf(compose: Compose, service: string): Promise<string> {
  const id = (await compose(["--profile", "monitoring", "ps", "-q", service])).trim();
  if (!id) return "absent";
  const format = "{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}";
  return (await run("docker", ["inspect", "-f", format, id])).stdout.trim();
}

export function waitHealthy(compose: Compose, services: string[], timeoutMs = 90_000): Promise<true> {
  return waitFor(
    `${services.join(", ")} healthy`,
    async () => ((await Promise.all(services.map((service) => healthOf(compose, service)))).every((status) => status === "healthy") ? true : undefined),
    timeoutMs,
  );
}

/** A Socket.IO client, websocket transport only (so the proxy's upgrade must work). */
export async function connectSocket(base: string): Promise<Socket> {
  const socket = io(base, { transports: ["websocket"], reconnection: false });
  await new Promise<void>((resolve, reject) => socket.once("connect", () => resolve()).once("connect_error", reject));
  return socket;
}

export function postNote(base: string, text: string): Promise<Response> {
  return fetch(`${base}/api/notes`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text, author: "e2e" }),
  });
}
