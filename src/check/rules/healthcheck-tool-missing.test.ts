import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { commandExecutables, healthcheckToolMissing } from "./healthcheck-tool-missing.js";

const compose = (test: string) => `services:\n  api:\n    build: .\n    healthcheck:\n      test: ${test}\n`;

describe("healthcheck-tool-missing", () => {
  it("finds every executable of a shell line", () => expect(commandExecutables("curl -f x || /usr/bin/wget -q y")).toEqual(["curl", "wget"]));
  it("fires on curl in python slim", () => {
    const files = { Dockerfile: "FROM python:3.11-slim-bookworm\nCMD python main.py\n" };
    expect(findingsOf(healthcheckToolMissing, { compose: compose('["CMD", "curl", "-f", "http://localhost:8000/health"]'), files })).toMatchObject([{ line: 5, message: expect.stringContaining("runs curl") }]);
  });
  it("stays quiet when the Dockerfile installs curl, or the tool is in the image", () => {
    const installs = { Dockerfile: "FROM python:3.11-slim-bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n" };
    expect(findingsOf(healthcheckToolMissing, { compose: compose('["CMD", "curl", "-f", "http://localhost:8000/health"]'), files: installs })).toEqual([]);
    const alpine = { Dockerfile: "FROM node:20-alpine\n" };
    expect(findingsOf(healthcheckToolMissing, { compose: compose("wget -qO- http://localhost:3000/health || exit 1"), files: alpine })).toEqual([]);
  });
});

describe("healthcheck-tool-missing on a Dockerfile HEALTHCHECK", () => {
  const compose = "services:\n  api:\n    build: .\n";
  it("fires on a HEALTHCHECK that runs curl in python slim, at the Dockerfile line", () => {
    const files = { Dockerfile: "FROM python:3.12-slim\nHEALTHCHECK --interval=10s CMD [\"curl\", \"-f\", \"http://localhost:8000/health\"]\nCMD [\"python\", \"app.py\"]\n" };
    expect(findingsOf(healthcheckToolMissing, { compose, files })).toMatchObject([{ file: "Dockerfile", line: 2, message: expect.stringContaining("curl") }]);
  });
  it("stays quiet when the image installs it, when compose overrides the check, or on NONE", () => {
    const installs = { Dockerfile: "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\n" };
    expect(findingsOf(healthcheckToolMissing, { compose, files: installs })).toEqual([]);
    const overridden = "services:\n  api:\n    build: .\n    healthcheck:\n      test: [\"CMD\", \"python\", \"-c\", \"print(1)\"]\n";
    expect(findingsOf(healthcheckToolMissing, { compose: overridden, files: { Dockerfile: "FROM python:3.12-slim\nHEALTHCHECK CMD curl -f http://localhost/\n" } })).toEqual([]);
    expect(findingsOf(healthcheckToolMissing, { compose, files: { Dockerfile: "FROM python:3.12-slim\nHEALTHCHECK NONE\n" } })).toEqual([]);
  });
});
