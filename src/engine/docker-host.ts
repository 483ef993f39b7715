import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EngineError } from "../common/errors.js";
import { currentContextHost } from "./docker-context.js";

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
 * DOCKER_TLS_VERIFY is set, certificates from DOCKER_CERT_PATH), else the current docker
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
  return wantsTls ? { ...base, tls: readCertificates(env["DOCKER_CERT_PATH"]) } : base;
}

const isSet = (value: string | undefined) => value !== undefined && value !== "" && value !== "0";

function readCertificates(certPath: string | undefined): { ca?: Buffer; cert?: Buffer; key?: Buffer } {
  if (certPath === undefined || certPath === "") return {};
  const read = (name: string) => {
    try {
      return readFileSync(join(certPath, name));
    } catch (cause) {
      throw new EngineError("engine.unreachable", `cannot read ${join(certPath, name)} (DOCKER_CERT_PATH)`, {
        hint: "DOCKER_CERT_PATH must hold ca.pem, cert.pem and key.pem",
        cause,
      });
    }
  };
  return { ca: read("ca.pem"), cert: read("cert.pem"), key: read("key.pem") };
}
