import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { currentContextHost } from "./docker-context.js";

const digest = (name: string) => createHash("sha256").update(name).digest("hex");

/** A docker config folder with the given contexts (name → engine address) and `config.json` text. */
function configDir(contexts: Record<string, string | null>, config?: string, dir = mkdtempSync(join(tmpdir(), "berth-docker-context-"))): string {
  mkdirSync(dir, { recursive: true });
  if (config !== undefined) writeFileSync(join(dir, "config.json"), config);
  for (const [name, host] of Object.entries(contexts)) {
    const meta = join(dir, "contexts", "meta", digest(name));
    mkdirSync(meta, { recursive: true });
    writeFileSync(join(meta, "meta.json"), JSON.stringify({ Name: name, Endpoints: { docker: host === null ? {} : { Host: host } } }));
  }
  return dir;
}

describe("currentContextHost", () => {
  it("prefers DOCKER_CONTEXT over the config's current context", () => {
    const dir = configDir({ desktop: "unix:///d.sock", remote: "tcp://10.0.0.5:2376" }, JSON.stringify({ currentContext: "desktop" }));
    expect(currentContextHost({ DOCKER_CONFIG: dir })).toEqual({ name: "desktop", host: "unix:///d.sock" });
    expect(currentContextHost({ DOCKER_CONFIG: dir, DOCKER_CONTEXT: "remote" })).toEqual({ name: "remote", host: "tcp://10.0.0.5:2376" });
  });

  it("hands over the context's TLS folder when it has one", () => {
    const dir = configDir({ remote: "tcp://10.0.0.5:2376" }, JSON.stringify({ currentContext: "remote" }));
    const tls = join(dir, "contexts", "tls", digest("remote"), "docker");
    mkdirSync(tls, { recursive: true });
    expect(currentContextHost({ DOCKER_CONFIG: dir })).toEqual({ name: "remote", host: "tcp://10.0.0.5:2376", tlsDir: tls });
  });

  it("reads ~/.docker when DOCKER_CONFIG is unset", () => {
    const home = mkdtempSync(join(tmpdir(), "berth-home-"));
    configDir({ desktop: "unix:///home.sock" }, JSON.stringify({ currentContext: "desktop" }), join(home, ".docker"));
    expect(currentContextHost({ HOME: home })).toEqual({ name: "desktop", host: "unix:///home.sock" });
  });

  it.each([
    ["no config.json", undefined],
    ["a config.json that is not JSON (the docker CLI ignores it too)", "{currentContext: desk"],
    ["the default context", JSON.stringify({ currentContext: "default" })],
    ["an empty context name", JSON.stringify({ currentContext: "" })],
  ])("means the default socket with %s", (_, config) => {
    expect(currentContextHost({ DOCKER_CONFIG: configDir({}, config) })).toBeUndefined();
  });

  it("says which context has no engine address, where it looked, and how to fix it", () => {
    const dir = configDir({ broken: null }, JSON.stringify({ currentContext: "broken" }));
    expect(() => currentContextHost({ DOCKER_CONFIG: dir })).toThrow(expect.objectContaining({ code: "engine.unreachable", message: `docker context "broken" has no engine address in ${dir}`, hint: expect.stringContaining("docker context use default") }));
  });
});
