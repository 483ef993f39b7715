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

describe("healthcheck-tool-missing: lines and images", () => {
  it.each([
    ["a pipeline and a command substitution", "a -q | b && [ \"$(c -s x)\" = ok ] ; /bin/d", ["a", "b", "[", "c", "d"]],
    ["an empty line", "", []],
  ])("splits %s", (_name, line, tools) => expect(commandExecutables(line)).toEqual(tools));
  it("checks image-only services and lists the tools the image has in the hint", () => {
    const compose = "services:\n  web:\n    image: node:20-alpine\n    healthcheck:\n      test: curl -f http://localhost:3000/ || exit 1\n";
    const [finding] = findingsOf(healthcheckToolMissing, { compose });
    expect(finding).toMatchObject({ line: 5, message: 'healthcheck of "web" runs curl, which node:20-alpine does not contain' });
    expect(finding?.hint).toMatch(/^probe with a tool the image has \(.*wget.*\), or install curl in the final stage$/);
  });
  it("stays quiet on datastore probes and on images berth knows nothing about", () => {
    const compose = "services:\n  db:\n    image: postgres:15\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U app\"]\n  other:\n    image: example.com/tool:1\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost/\"]\n";
    expect(findingsOf(healthcheckToolMissing, { compose })).toEqual([]);
  });
  it("ignores a Dockerfile HEALTHCHECK whose exec form is not JSON", () => {
    const files = { Dockerfile: "FROM python:3.12-slim\nHEALTHCHECK CMD [\"curl\", -f]\n" };
    expect(findingsOf(healthcheckToolMissing, { compose: "services:\n  api:\n    build: .\n", files })).toEqual([]);
  });
});
