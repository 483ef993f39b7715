import { describe, expect, it } from "vitest";
import { EngineError } from "../common/errors.js";
import { engineMessage, isNotModified, toEngineError, unreachable } from "./engine-errors.js";

const endpoint = "unix:///var/run/docker.sock";

describe("toEngineError: the code a caller decides on", () => {
  it.each([
    [400, "engine.bad-request"],
    [404, "engine.not-found"],
    [409, "engine.conflict"],
    [403, "engine.failed"],
    [500, "engine.failed"],
    [503, "engine.failed"],
  ])("HTTP %d is %s, the status shown in the message", (statusCode, code) => {
    const error = toEngineError({ statusCode, json: { message: "the engine's words" } }, "starting container web", endpoint);
    expect(error.code).toBe(code);
    expect(error.message).toBe(`starting container web: the engine's words (HTTP ${statusCode})`);
    expect(error.exitCode).toBe(3);
  });

  it.each(["ECONNREFUSED", "ENOENT", "EACCES", "ECONNRESET", "EHOSTUNREACH", "ETIMEDOUT", "ENOTFOUND", "EPIPE"])("a socket failure %s means the engine cannot be reached", (code) => {
    const error = toEngineError(Object.assign(new Error(`connect ${code}`), { code }), "listing containers", endpoint);
    expect(error.code).toBe("engine.unreachable");
    expect(error.message).toBe(`cannot reach the Docker engine at ${endpoint} (${code})`);
  });

  it("does not call an answered request unreachable, even with a socket-like code", () => {
    expect(toEngineError({ statusCode: 500, code: "ECONNRESET", json: { message: "boom" } }, "x", endpoint).code).toBe("engine.failed");
  });

  it("maps an unknown failure without status to engine.failed with its own message", () => {
    expect(toEngineError(new Error("socket hang up"), "pulling redis:7", endpoint)).toMatchObject({ code: "engine.failed", message: "pulling redis:7: socket hang up" });
    expect(toEngineError(undefined, "pulling redis:7", endpoint)).toMatchObject({ code: "engine.failed", message: "pulling redis:7: unknown engine error" });
  });

  it("keeps the original failure as the cause, for --debug", () => {
    const original = { statusCode: 409, json: { message: "in use" } };
    expect(toEngineError(original, "x", endpoint).cause).toBe(original);
  });

  it("recognises an abort by name or by Node's code", () => {
    expect(toEngineError(Object.assign(new Error("aborted"), { name: "AbortError" }), "waiting for container db", endpoint)).toMatchObject({ code: "engine.aborted", message: "waiting for container db: cancelled" });
    expect(toEngineError({ code: "ABORT_ERR" }, "following engine events", endpoint).code).toBe("engine.aborted");
  });
});

describe("engineMessage: the engine's words", () => {
  it("prefers the JSON body's message, then a text body, then the text dockerode wrapped", () => {
    expect(engineMessage({ json: { message: "No such container: web" }, message: "(HTTP code 404) no such container - No such container: web " })).toBe("No such container: web");
    expect(engineMessage({ json: "  page not found\n" })).toBe("page not found");
    expect(engineMessage({ json: null, message: "(HTTP code 500) server error - failed to create shim task: OCI runtime create failed " })).toBe("failed to create shim task: OCI runtime create failed");
  });

  it("falls back to the reason and the message, and says so when there is nothing", () => {
    expect(engineMessage({ json: "   ", reason: "server error" })).toBe("server error");
    expect(engineMessage({ message: "socket hang up" })).toBe("socket hang up");
    expect(engineMessage({})).toBe("unknown engine error");
  });
});

describe("isNotModified and unreachable", () => {
  it("treats only a 304 as already done", () => {
    expect([isNotModified({ statusCode: 304 }), isNotModified({ statusCode: 204 }), isNotModified(undefined), isNotModified(null)]).toEqual([true, false, false, false]);
  });

  it("names where berth looked and how to fix it", () => {
    const error = unreachable("tcp://10.0.0.5:2376", "ETIMEDOUT");
    expect(error).toBeInstanceOf(EngineError);
    expect(error.message).toBe("cannot reach the Docker engine at tcp://10.0.0.5:2376 (ETIMEDOUT)");
    expect(error.hint).toContain("DOCKER_HOST");
  });
});
