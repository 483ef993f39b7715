import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { debugPortPublished } from "./debug-port-published.js";

describe("debug-port-published", () => {
  it("fires on the Node inspector port", () => {
    expect(findingsOf(debugPortPublished, { compose: "services:\n  app:\n    image: node:20\n    ports: ['3000:3000', '9229:9229']\n" })).toMatchObject([{ severity: "error", message: expect.stringContaining("9229") }]);
  });
  it("fires on 5678 when debugpy runs, from compose or the Dockerfile CMD", () => {
    expect(findingsOf(debugPortPublished, { compose: "services:\n  api:\n    image: python:3.12\n    command: python -m debugpy --listen 0.0.0.0:5678 app.py\n    ports: ['5678:5678']\n" })).toMatchObject([{ line: 5 }]);
    const files = { "Dockerfile": "FROM python:3.12\nCMD [\"python\", \"-m\", \"debugpy\", \"--listen\", \"0.0.0.0:5678\", \"app.py\"]\n" };
    expect(findingsOf(debugPortPublished, { compose: "services:\n  api:\n    build: .\n    ports: ['5678:5678']\n", files })).toHaveLength(1);
  });
  it("stays quiet on 5678 as an app's own port (n8n)", () => {
    expect(findingsOf(debugPortPublished, { compose: "services:\n  n8n:\n    image: docker.n8n.io/n8nio/n8n:1.80.0\n    ports: ['5678:5678']\n" })).toEqual([]);
  });
  it("stays quiet in a dev override bound to 127.0.0.1", () => {
    expect(findingsOf(debugPortPublished, { compose: "services:\n  app:\n    image: node:20\n    ports: ['127.0.0.1:9229:9229']\n" })).toEqual([]);
  });
  it("stays quiet on ordinary ports", () => {
    expect(findingsOf(debugPortPublished, { compose: "services:\n  app:\n    image: node:20\n    ports: ['3000:3000']\n" })).toEqual([]);
  });
});

describe("debug-port-published: which debuggers and bindings", () => {
  const ports = (image: string, extra: string, list: string) => `services:\n  app:\n    image: ${image}\n${extra}    ports:\n${list}`;
  it("names the tool, the port and the service, at the port's line", () => {
    const compose = ports("eclipse-temurin:21", "    environment:\n      JAVA_TOOL_OPTIONS: -agentlib:jdwp=transport=dt_socket,server=y,address=*:5005\n", "      - '8080:8080'\n      - '5005:5005'\n");
    expect(findingsOf(debugPortPublished, { compose })).toMatchObject([{ line: 8, message: '"app" publishes the JDWP port 5005 on all interfaces' }]);
  });
  it("fires on delve started by the command, and on an explicit 0.0.0.0 binding", () => {
    const compose = ports("golang:1.22", "    command: dlv debug --headless --listen=:2345 ./cmd/api\n", "      - '0.0.0.0:2345:2345'\n");
    expect(findingsOf(debugPortPublished, { compose })).toMatchObject([{ message: '"app" publishes the delve port 2345 on all interfaces' }]);
  });
  it("reads the long port syntax and its host_ip", () => {
    const open = ports("node:20", "", "      - target: 9230\n        published: 9230\n");
    expect(findingsOf(debugPortPublished, { compose: open })).toHaveLength(1);
    const local = ports("node:20", "", "      - target: 9230\n        published: 9230\n        host_ip: 127.0.0.1\n");
    expect(findingsOf(debugPortPublished, { compose: local })).toEqual([]);
  });
  it("stays quiet on 2345 and 5005 without their debugger", () => {
    expect(findingsOf(debugPortPublished, { compose: ports("postgres:15", "", "      - '2345:2345'\n      - '5005:5005'\n") })).toEqual([]);
  });
});
