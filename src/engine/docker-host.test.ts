import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveEngineEndpoint } from "./docker-host.js";

/** A DOCKER_CONFIG directory whose current context is `name`, pointing at `host` (none: no metadata). */
function dockerConfig(name: string, host: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-docker-config-"));
  writeFileSync(join(dir, "config.json"), JSON.stringify({ currentContext: name }));
  if (host === undefined) return dir;
  const meta = join(dir, "contexts", "meta", createHash("sha256").update(name).digest("hex"));
  mkdirSync(meta, { recursive: true });
  writeFileSync(
    join(meta, "meta.json"),
    JSON.stringify({ Name: name, Endpoints: { docker: { Host: host } } }),
  );
  return dir;
}

describe("resolveEngineEndpoint", () => {
  it("uses the default socket without DOCKER_HOST or a docker context", () => {
    const noContext = mkdtempSync(join(tmpdir(), "berth-docker-config-"));
    expect(resolveEngineEndpoint({ DOCKER_CONFIG: noContext })).toEqual({
      kind: "socket",
      socketPath: "/var/run/docker.sock",
      display: "unix:///var/run/docker.sock",
    });
  });

  it("reads a unix:// DOCKER_HOST", () => {
    expect(resolveEngineEndpoint({ DOCKER_HOST: "unix:///run/user/1000/docker.sock" })).toMatchObject({
      kind: "socket",
      socketPath: "/run/user/1000/docker.sock",
    });
  });

  it("reads a tcp:// DOCKER_HOST with and without a port", () => {
    expect(resolveEngineEndpoint({ DOCKER_HOST: "tcp://127.0.0.1:2375" })).toEqual({
      kind: "tcp",
      host: "127.0.0.1",
      port: 2375,
      display: "tcp://127.0.0.1:2375",
    });
    expect(resolveEngineEndpoint({ DOCKER_HOST: "tcp://docker.example" })).toMatchObject({ port: 2375 });
  });

  it("uses TLS and the certificates of DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-certs-"));
    for (const name of ["ca.pem", "cert.pem", "key.pem"]) writeFileSync(join(dir, name), name);
    const endpoint = resolveEngineEndpoint({
      DOCKER_HOST: "tcp://h",
      DOCKER_TLS_VERIFY: "1",
      DOCKER_CERT_PATH: dir,
    });
    expect(endpoint).toMatchObject({ kind: "tcp", port: 2376 });
    expect(endpoint.kind === "tcp" && endpoint.tls?.ca?.toString()).toBe("ca.pem");
  });

  it("refuses schemes it cannot serve, saying which ones work", () => {
    expect(() => resolveEngineEndpoint({ DOCKER_HOST: "ssh://me@host" })).toThrow(
      /scheme berth does not support/,
    );
  });

  it("follows the current docker context when DOCKER_HOST is unset (Docker Desktop)", () => {
    const config = dockerConfig("desktop-linux", "unix:///Users/me/.docker/run/docker.sock");
    expect(resolveEngineEndpoint({ DOCKER_CONFIG: config })).toMatchObject({
      kind: "socket",
      socketPath: "/Users/me/.docker/run/docker.sock",
    });
    expect(
      resolveEngineEndpoint({ DOCKER_CONFIG: config, DOCKER_HOST: "tcp://127.0.0.1:2375" }),
    ).toMatchObject({
      kind: "tcp",
    });
    expect(resolveEngineEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: "default" })).toMatchObject({
      socketPath: "/var/run/docker.sock",
    });
  });

  it("says which context is broken when its metadata is missing", () => {
    const config = dockerConfig("gone", undefined);
    expect(() => resolveEngineEndpoint({ DOCKER_CONFIG: config })).toThrow(
      /docker context "gone" has no engine address/,
    );
  });
});

describe("resolveEngineEndpoint with TLS", () => {
  const certs = (names: readonly string[]) => {
    const dir = mkdtempSync(join(tmpdir(), "berth-certs-"));
    for (const name of names) writeFileSync(join(dir, name), name);
    return dir;
  };

  it("names the certificate it cannot read and what the folder must hold", () => {
    const dir = certs(["ca.pem", "cert.pem"]);
    expect(() => resolveEngineEndpoint({ DOCKER_HOST: "tcp://h:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: dir })).toThrow(
      expect.objectContaining({ code: "engine.unreachable", message: `cannot read ${join(dir, "key.pem")} (DOCKER_CERT_PATH)`, hint: "DOCKER_CERT_PATH must hold ca.pem, cert.pem and key.pem" }),
    );
  });

  it.each([
    ["https:// means TLS on 2376", { DOCKER_HOST: "https://h" }, 2376, true],
    ["DOCKER_TLS_VERIFY=0 means no TLS", { DOCKER_HOST: "tcp://h", DOCKER_TLS_VERIFY: "0" }, 2375, false],
    ["an empty DOCKER_TLS_VERIFY means no TLS", { DOCKER_HOST: "tcp://h", DOCKER_TLS_VERIFY: "" }, 2375, false],
    ["an explicit port wins over the TLS default", { DOCKER_HOST: "tcp://h:12376", DOCKER_TLS_VERIFY: "1" }, 12376, true],
  ])("%s", (_, env, port, tls) => {
    const endpoint = resolveEngineEndpoint(env);
    expect([endpoint.kind === "tcp" && endpoint.port, endpoint.kind === "tcp" && endpoint.tls !== undefined]).toEqual([port, tls]);
  });

  it("uses a docker context's TLS folder for its certificates", () => {
    const config = dockerConfig("remote", "tcp://10.1.2.3:2376");
    const tls = join(config, "contexts", "tls", createHash("sha256").update("remote").digest("hex"), "docker");
    mkdirSync(tls, { recursive: true });
    for (const name of ["ca.pem", "cert.pem", "key.pem"]) writeFileSync(join(tls, name), `ctx-${name}`);
    const endpoint = resolveEngineEndpoint({ DOCKER_CONFIG: config });
    expect(endpoint).toMatchObject({ kind: "tcp", host: "10.1.2.3", port: 2376, display: "tcp://10.1.2.3:2376" });
    expect(endpoint.kind === "tcp" && endpoint.tls?.key?.toString()).toBe("ctx-key.pem");
  });

  it("ignores a DOCKER_HOST of blanks and uses the default socket", () => {
    expect(resolveEngineEndpoint({ DOCKER_HOST: "  ", DOCKER_CONFIG: mkdtempSync(join(tmpdir(), "berth-docker-config-")) })).toMatchObject({ socketPath: "/var/run/docker.sock" });
  });
});
