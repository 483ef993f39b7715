import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveEngineEndpoint } from "./docker-host.js";

// DOCKER_TLS_VERIFY without DOCKER_CERT_PATH: the docker CLI reads the certificates from its
// configuration folder (DOCKER_CONFIG, else ~/.docker) and skips the files that are not there.
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function configFolder(files: Readonly<Record<string, string>>): string {
  const folder = mkdtempSync(join(tmpdir(), "berth-docker-config-"));
  folders.push(folder);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

const tlsOf = (env: Record<string, string>) => {
  const endpoint = resolveEngineEndpoint({ DOCKER_HOST: "tcp://engine.example:2376", DOCKER_TLS_VERIFY: "1", ...env });
  if (endpoint.kind !== "tcp") throw new Error("expected a tcp endpoint");
  return endpoint.tls;
};

describe("TLS certificates without DOCKER_CERT_PATH", () => {
  it("reads ca.pem, cert.pem and key.pem from DOCKER_CONFIG", () => {
    const folder = configFolder({ "ca.pem": "CA", "cert.pem": "CERT", "key.pem": "KEY" });
    const tls = tlsOf({ DOCKER_CONFIG: folder });
    expect({ ca: tls?.ca?.toString(), cert: tls?.cert?.toString(), key: tls?.key?.toString() }).toEqual({ ca: "CA", cert: "CERT", key: "KEY" });
  });

  it("reads them from ~/.docker when DOCKER_CONFIG is unset", () => {
    const home = configFolder({});
    mkdirSync(join(home, ".docker"));
    writeFileSync(join(home, ".docker", "ca.pem"), "HOME-CA");
    expect(tlsOf({ HOME: home })?.ca?.toString()).toBe("HOME-CA");
  });

  it("skips the files that are not there (a server certificate signed by a public CA needs no ca.pem)", () => {
    const tls = tlsOf({ DOCKER_CONFIG: configFolder({ "cert.pem": "CERT", "key.pem": "KEY" }) });
    expect(tls?.ca).toBeUndefined();
    expect(tls?.cert?.toString()).toBe("CERT");
    expect(tls?.key?.toString()).toBe("KEY");
  });

  it("connects with no client certificate when the folder has none", () => {
    expect(tlsOf({ DOCKER_CONFIG: configFolder({}) })).toEqual({});
  });

  it.skipIf(process.getuid?.() === 0)("says which file it cannot read, and how to fix it", () => {
    const folder = configFolder({ "ca.pem": "CA" });
    chmodSync(join(folder, "ca.pem"), 0o000);
    expect(() => tlsOf({ DOCKER_CONFIG: folder })).toThrow(
      expect.objectContaining({ code: "engine.unreachable", message: `cannot read ${join(folder, "ca.pem")} (the docker configuration folder)` }),
    );
  });

  it("an empty DOCKER_CERT_PATH counts as unset, an empty DOCKER_CONFIG too", () => {
    const home = configFolder({});
    expect(tlsOf({ DOCKER_CERT_PATH: "", DOCKER_CONFIG: "", HOME: home })).toEqual({});
  });

  it("DOCKER_CERT_PATH still wins over the configuration folder", () => {
    const certs = configFolder({ "ca.pem": "PATH-CA", "cert.pem": "C", "key.pem": "K" });
    const config = configFolder({ "ca.pem": "CONFIG-CA" });
    expect(tlsOf({ DOCKER_CERT_PATH: certs, DOCKER_CONFIG: config })?.ca?.toString()).toBe("PATH-CA");
  });
});
