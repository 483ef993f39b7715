import type Docker from "dockerode";
import { EngineError } from "../common/errors.js";
import { resolveEngineEndpoint, type EngineEndpoint } from "./docker-host.js";
import { DockerEngine } from "./docker-engine.js";
import { EngineHttp } from "./engine-http.js";
import type { EngineVersion } from "./engine.js";
import { toEngineError } from "./engine-errors.js";

/** The oldest Engine API berth speaks (Debian 12's engine 20.10) and the newest it asks for. */
export const MIN_API_VERSION = "1.41";
const MAX_API_VERSION = "1.45";
const PROBE_TIMEOUT_MS = 5_000;

export interface ConnectOptions {
  /** Where DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH are read; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Connects to the engine `docker` would use (DOCKER_HOST or the default socket), checks that it
 * answers and speaks API 1.41 or newer, and settles on an API version both sides know.
 */
export async function connectDockerEngine(options: ConnectOptions = {}): Promise<DockerEngine> {
  const endpoint = resolveEngineEndpoint(options.env ?? process.env);
  const probe = new EngineHttp(endpoint, { timeoutMs: PROBE_TIMEOUT_MS });
  const raw = await probe.json<Docker.DockerVersion>({ path: "/version" }).catch((error: unknown) => {
    throw toEngineError(error, "asking the engine for its version", endpoint.display);
  });
  const apiVersion = negotiateApiVersion(raw.ApiVersion, raw.MinAPIVersion, endpoint.display);
  const version: EngineVersion = {
    version: raw.Version,
    apiVersion,
    engineApiVersion: raw.ApiVersion,
    os: raw.Os,
    arch: raw.Arch,
    kernelVersion: raw.KernelVersion ?? "",
  };
  return new DockerEngine(
    new EngineHttp(endpoint, { version: apiVersion }),
    async () => new (await import("dockerode")).default({ ...connectionOf(endpoint), version: `v${apiVersion}` }),
    endpoint.display,
    version,
  );
}

/** dockerode's connection options for an endpoint (the socket, or TCP with TLS when asked). */
export function connectionOf(endpoint: EngineEndpoint): Docker.DockerOptions {
  if (endpoint.kind === "socket") return { socketPath: endpoint.socketPath };
  const base: Docker.DockerOptions = {
    host: endpoint.host,
    port: endpoint.port,
    protocol: endpoint.tls ? "https" : "http",
  };
  return endpoint.tls ? { ...base, ...endpoint.tls } : base;
}

/** The API version to speak: the engine's own, capped at the newest berth asks for, never below its minimum. */
export function negotiateApiVersion(
  engineApi: string,
  engineMinApi: string | undefined,
  display: string,
): string {
  if (compareVersions(engineApi, MIN_API_VERSION) < 0) {
    throw new EngineError(
      "engine.api-too-old",
      `the engine at ${display} speaks Engine API ${engineApi}; berth needs ${MIN_API_VERSION} or newer`,
      {
        hint: "upgrade Docker Engine to 20.10 or newer",
      },
    );
  }
  const wanted = compareVersions(engineApi, MAX_API_VERSION) < 0 ? engineApi : MAX_API_VERSION;
  return engineMinApi !== undefined && compareVersions(engineMinApi, wanted) > 0 ? engineMinApi : wanted;
}

/** Compares dotted versions numerically: `1.9` < `1.41`. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [a.split(".").map(Number), b.split(".").map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const difference = (x[i] ?? 0) - (y[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}
