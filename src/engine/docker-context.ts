import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { EngineError } from "../common/errors.js";

/** The engine address of a docker CLI context (`docker context use ...`). */
export interface ContextHost {
  readonly name: string;
  /** `unix:///...` or `tcp://...`, as DOCKER_HOST would say it. */
  readonly host: string;
  /** Directory holding ca.pem, cert.pem and key.pem when the context uses TLS. */
  readonly tlsDir?: string;
}

/** The docker CLI's configuration folder: DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(env: Readonly<Record<string, string | undefined>>): string {
  const configured = env["DOCKER_CONFIG"];
  return configured !== undefined && configured !== "" ? configured : join(env["HOME"] ?? homedir(), ".docker");
}

/**
 * The context the docker CLI would use when DOCKER_HOST is unset: DOCKER_CONTEXT, else the
 * config's `currentContext`. Undefined for the `default` context (the default socket). Docker
 * Desktop relies on this: its socket lives under ~/.docker/run, not /var/run.
 */
export function currentContextHost(
  env: Readonly<Record<string, string | undefined>>,
): ContextHost | undefined {
  const configDir = dockerConfigDir(env);
  const name = env["DOCKER_CONTEXT"] ?? readCurrentContext(configDir);
  if (name === undefined || name === "" || name === "default") return undefined;
  const digest = createHash("sha256").update(name).digest("hex");
  const meta = readJson(join(configDir, "contexts", "meta", digest, "meta.json")) as ContextMeta | undefined;
  const host = meta?.Endpoints?.docker?.Host;
  if (host === undefined || host === "") {
    throw new EngineError(
      "engine.unreachable",
      `docker context "${name}" has no engine address in ${configDir}`,
      {
        hint: "run `docker context ls` and `docker context use default`, or set DOCKER_HOST",
      },
    );
  }
  const tlsDir = join(configDir, "contexts", "tls", digest, "docker");
  return existsSync(tlsDir) ? { name, host, tlsDir } : { name, host };
}

interface ContextMeta {
  readonly Endpoints?: { readonly docker?: { readonly Host?: string } };
}

function readCurrentContext(configDir: string): string | undefined {
  const config = readJson(join(configDir, "config.json")) as { currentContext?: string } | undefined;
  return config?.currentContext;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as unknown;
  } catch {
    return undefined; // absent or unreadable: as if there were no such file, like the docker CLI
  }
}
