import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { EngineError } from "../common/errors.js";
import { currentContextHost, dockerConfigDir } from "./docker-context.js";

/** Where and how to reach an engine: what dockerode's constructor takes, in our own terms. */
export type EngineEndpoint =
  | { readonly kind: "socket"; readonly socketPath: string; readonly display: string }
  | {
      readonly kind: "tcp";
      readonly host: string;
      readonly port: number;
      readonly tls?: { readonly ca?: Buffer; readonly cert?: Buffer; readonly key?: Buffer };
      readonly display: string;
    };

export const DEFAULT_SOCKET = "/var/run/docker.sock";

/**
 * The endpoint `docker` itself would use: DOCKER_HOST (`unix://`, `tcp://`; TLS when
 * DOCKER_TLS_VERIFY is set, certificates from DOCKER_CERT_PATH, else from the docker
 * configuration folder as the CLI does: DOCKER_CONFIG or ~/.docker), else the current docker
 * context (DOCKER_CONTEXT or `docker context use`), else the default socket.
 */
export function resolveEngineEndpoint(env: Readonly<Record<string, string | undefined>>): EngineEndpoint {
  const host = env["DOCKER_HOST"]?.trim();
  if (host !== undefined && host !== "") return endpointOf(host, env, "DOCKER_HOST");
  const context = currentContextHost(env);
  if (context === undefined) return socketEndpoint(DEFAULT_SOCKET);
  const tlsEnv =
    context.tlsDir === undefined ? {} : { DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: context.tlsDir };
  return endpointOf(context.host, tlsEnv, `docker context ${context.name}`);
}

function endpointOf(
  host: string,
  env: Readonly<Record<string, string | undefined>>,
  source: string,
): EngineEndpoint {
  if (host.startsWith("unix://")) return socketEndpoint(host.slice("unix://".length));
  if (host.startsWith("tcp://") || host.startsWith("http://") || host.startsWith("https://"))
    return tcpEndpoint(host, env);
  throw new EngineError("engine.unreachable", `${source} is ${host}, a scheme berth does not support`, {
    hint: "use unix:///path/to/docker.sock or tcp://host:port (ssh:// and npipe:// are not supported)",
  });
}

function socketEndpoint(socketPath: string): EngineEndpoint {
  return { kind: "socket", socketPath, display: `unix://${socketPath}` };
}

function tcpEndpoint(host: string, env: Readonly<Record<string, string | undefined>>): EngineEndpoint {
  const url = new URL(host.replace(/^tcp:/, "http:"));
  const wantsTls = url.protocol === "https:" || isSet(env["DOCKER_TLS_VERIFY"]);
  const port = url.port === "" ? (wantsTls ? 2376 : 2375) : Number(url.port);
  const base = { kind: "tcp" as const, host: url.hostname, port, display: `tcp://${url.hostname}:${port}` };
  return wantsTls ? { ...base, tls: certificatesOf(env) } : base;
}

const isSet = (value: string | undefined) => value !== undefined && value !== "" && value !== "0";

type Certificates = { ca?: Buffer; cert?: Buffer; key?: Buffer };
const certificateFiles = { ca: "ca.pem", cert: "cert.pem", key: "key.pem" } as const;

/**
 * The client certificates of a TLS endpoint. DOCKER_CERT_PATH names a folder that must hold all
 * three (a clear error otherwise); without it, the docker CLI reads ca.pem, cert.pem and key.pem
 * from its configuration folder and skips those that do not exist, and so does berth.
 */
function certificatesOf(env: Readonly<Record<string, string | undefined>>): Certificates {
  const certPath = env["DOCKER_CERT_PATH"];
  const explicit = certPath !== undefined && certPath !== "";
  const folder = explicit ? certPath : dockerConfigDir(env);
  const certificates: Certificates = {};
  for (const [field, name] of Object.entries(certificateFiles) as [keyof Certificates, string][]) {
    const file = join(folder, name);
    if (!explicit && !existsSync(file)) continue;
    try {
      certificates[field] = readFileSync(file);
    } catch (cause) {
      throw new EngineError("engine.unreachable", `cannot read ${file} (${explicit ? "DOCKER_CERT_PATH" : "the docker configuration folder"})`, {
        hint: explicit ? "DOCKER_CERT_PATH must hold ca.pem, cert.pem and key.pem" : "make it readable, or set DOCKER_CERT_PATH to the folder of ca.pem, cert.pem and key.pem",
        cause,
      });
    }
  }
  return certificates;
}
