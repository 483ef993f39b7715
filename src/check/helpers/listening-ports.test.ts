import { describe, expect, it } from "vitest";
import { fixtureContext } from "../testing/check-fixture.js";
import { listeningPorts } from "./listening-ports.js";

const portsOf = (compose: string, files: Record<string, string> = {}, service = "app") =>
  [...listeningPorts(fixtureContext({ compose, files }).services.find((view) => view.name === service)!)].sort((a, b) => a - b);

describe("listeningPorts", () => {
  it("reads datastore defaults, published targets and expose (with protocol)", () => {
    expect(portsOf("services:\n  app:\n    image: postgres:15\n    ports: ['127.0.0.1:6543:5433']\n    expose: ['9187/tcp']\n")).toEqual([5432, 5433, 9187]);
  });
  it("reads EXPOSE of the final stage and a numeric PORT variable, not a variable reference", () => {
    const compose = "services:\n  app:\n    build: .\n    environment:\n      PORT: '3000'\n      HTTP_PORT: $${OTHER}\n";
    expect(portsOf(compose, { Dockerfile: "FROM node:20-slim AS build\nEXPOSE 9999\nFROM node:20-slim\nEXPOSE 8080/tcp 8443\n" })).toEqual([3000, 8080, 8443]);
  });
  it("reads --port, --bind host:port and -p from the command that runs", () => {
    expect(portsOf("services:\n  app:\n    image: python:3.11-slim\n    command: gunicorn --bind 0.0.0.0:8001 app:app\n")).toEqual([8001]);
    expect(portsOf("services:\n  app:\n    image: python:3.11-slim\n    command: [uvicorn, main:app, --port=7000]\n")).toEqual([7000]);
    expect(portsOf("services:\n  app:\n    image: python:3.11-slim\n    command: http-server -p 5050\n")).toEqual([5050]);
  });
  it("adds 80 for nginx, and is empty when nothing says", () => {
    expect(portsOf("services:\n  app:\n    image: nginx:1.22\n")).toEqual([80]);
    expect(portsOf("services:\n  app:\n    image: alpine:3.19\n")).toEqual([]);
  });
});
