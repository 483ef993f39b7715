import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveEngineEndpoint } from "./docker-host.js";

describe("resolveEngineEndpoint", () => {
  it("uses the default socket without DOCKER_HOST", () => {
    expect(resolveEngineEndpoint({})).toEqual({
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
});
