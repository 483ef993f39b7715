import { readFileSync } from "node:fs";
import { createConnection } from "node:net";
import { describe, expect, it } from "vitest";
import { toEngineError } from "./engine-errors.js";

// ENOENT and EACCES mean "the engine's socket is not there / not ours" only when connecting;
// the same codes from a file berth reads (a build context, a file to copy) are about that file.
const endpoint = "unix:///var/run/docker.sock";

function fileError(path: string): unknown {
  try {
    readFileSync(path);
  } catch (error) {
    return error;
  }
  throw new Error(`expected ${path} to be missing`);
}

function connectError(path: string): Promise<unknown> {
  return new Promise((resolve) => {
    const socket = createConnection({ path });
    socket.on("error", resolve);
  });
}

describe("toEngineError: local files versus the engine's socket", () => {
  it("a real connect ENOENT (no socket at that path) is 'cannot reach the engine'", async () => {
    const error = toEngineError(await connectError("/nonexistent/berth-test/docker.sock"), "listing containers", endpoint);
    expect(error).toMatchObject({ code: "engine.unreachable", message: `cannot reach the Docker engine at ${endpoint} (ENOENT)` });
  });

  it("a real ENOENT of a file names the file and does not blame the engine", () => {
    const error = toEngineError(fileError("/nonexistent/berth-test/context/Dockerfile"), "building web", endpoint);
    expect(error).toMatchObject({ code: "engine.failed", message: "building web: cannot open /nonexistent/berth-test/context/Dockerfile (ENOENT)" });
    expect(error.hint).toContain("gone now");
  });

  it("EACCES of a file (stat, scandir...) is about the file, with a fix", () => {
    const failure = Object.assign(new Error("EACCES: permission denied, scandir '/srv/app/secret'"), { code: "EACCES", syscall: "scandir", path: "/srv/app/secret" });
    const error = toEngineError(failure, "building web", endpoint);
    expect(error).toMatchObject({ code: "engine.failed", message: "building web: cannot read /srv/app/secret (EACCES)", hint: "make the file readable for the user running berth" });
  });

  it("EACCES on connect (a socket owned by the docker group) stays an unreachable engine", () => {
    const failure = Object.assign(new Error("connect EACCES /var/run/docker.sock"), { code: "EACCES", syscall: "connect", address: "/var/run/docker.sock" });
    expect(toEngineError(failure, "listing containers", endpoint)).toMatchObject({ code: "engine.unreachable" });
  });

  it("an ENOENT without a syscall or a path (as dockerode sometimes wraps it) stays an unreachable engine", () => {
    const failure = Object.assign(new Error("connect ENOENT /var/run/docker.sock"), { code: "ENOENT" });
    expect(toEngineError(failure, "listing containers", endpoint)).toMatchObject({ code: "engine.unreachable" });
  });
});
