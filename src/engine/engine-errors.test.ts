import { describe, expect, it } from "vitest";
import { EngineError, ExitCode } from "../common/errors.js";
import { engineMessage, isNotModified, toEngineError, unreachable } from "./engine-errors.js";

// Shapes recorded from docker-modem 5 against engine 20.10 (statusCode, reason, json).
const recorded = {
  noSuchContainer: {
    statusCode: 404,
    reason: "no such container",
    json: { message: "No such container: nope" },
  },
  nameInUse: {
    statusCode: 409,
    json: { message: 'Conflict. The container name "/web" is already in use by container "abc".' },
  },
  alreadyStarted: {
    statusCode: 304,
    reason: "container already started",
    json: { type: "Buffer", data: [] },
  },
  badParameter: { statusCode: 400, reason: "bad parameter", json: { message: "invalid reference format" } },
  serverError: {
    statusCode: 500,
    reason: "server error",
    json: { message: "driver failed programming external connectivity" },
  },
  refused: Object.assign(new Error("connect ECONNREFUSED /var/run/docker.sock"), { code: "ECONNREFUSED" }),
  noSocket: Object.assign(new Error("connect ENOENT /var/run/docker.sock"), { code: "ENOENT" }),
  buildBadTag: {
    statusCode: 500,
    reason: "server error",
    json: null,
    message: "(HTTP code 500) server error - invalid reference format: repository name must be lowercase ",
  },
  buildNoTarget: {
    statusCode: 400,
    json: null,
    message: "(HTTP code 400) unexpected - failed to reach build target nosuch in Dockerfile ",
  },
  unescaped: Object.assign(new Error("Request path contains unescaped characters"), {
    code: "ERR_UNESCAPED_CHARACTERS",
  }),
};

describe("toEngineError", () => {
  it.each([
    ["noSuchContainer", "engine.not-found", "inspecting x: No such container: nope (HTTP 404)"],
    [
      "nameInUse",
      "engine.conflict",
      'inspecting x: Conflict. The container name "/web" is already in use by container "abc". (HTTP 409)',
    ],
    ["badParameter", "engine.bad-request", "inspecting x: invalid reference format (HTTP 400)"],
    [
      "serverError",
      "engine.failed",
      "inspecting x: driver failed programming external connectivity (HTTP 500)",
    ],
  ] as const)("maps %s to %s with the engine's message", (name, code, message) => {
    const error = toEngineError(recorded[name], "inspecting x", "unix:///var/run/docker.sock");
    expect(error).toBeInstanceOf(EngineError);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.exitCode).toBe(ExitCode.environment);
  });

  it.each(["refused", "noSocket"] as const)(
    "maps a socket failure (%s) to engine.unreachable with a hint",
    (name) => {
      const error = toEngineError(recorded[name], "listing containers", "unix:///var/run/docker.sock");
      expect(error.code).toBe("engine.unreachable");
      expect(error.message).toContain("unix:///var/run/docker.sock");
      expect(error.hint).toMatch(/DOCKER_HOST/);
    },
  );

  it("finds the engine's words in the message when the body was a stream (build)", () => {
    expect(engineMessage(recorded.buildBadTag)).toBe(
      "invalid reference format: repository name must be lowercase",
    );
    expect(engineMessage(recorded.buildNoTarget)).toBe("failed to reach build target nosuch in Dockerfile");
  });

  it("maps a reference node cannot even send to engine.bad-request", () => {
    expect(toEngineError(recorded.unescaped, "inspecting image bad ref", "x").code).toBe(
      "engine.bad-request",
    );
  });

  it("maps an abort to engine.aborted", () => {
    const abort = Object.assign(new Error("The operation was aborted"), {
      name: "AbortError",
      code: "ABORT_ERR",
    });
    expect(toEngineError(abort, "waiting", "x").code).toBe("engine.aborted");
  });

  it("keeps an EngineError as it is", () => {
    const original = unreachable("tcp://h:2375", "timeout");
    expect(toEngineError(original, "x", "y")).toBe(original);
  });
});

describe("isNotModified", () => {
  it("recognises 304 only", () => {
    expect(isNotModified(recorded.alreadyStarted)).toBe(true);
    expect(isNotModified(recorded.noSuchContainer)).toBe(false);
    expect(isNotModified(undefined)).toBe(false);
  });
});
