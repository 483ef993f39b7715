import { describe, expect, it } from "vitest";
import { baseImageOf, finalStage, parseDockerfile, stageChain } from "./dockerfile.js";

const text = 'ARG NODE=20\nFROM node:20-slim AS deps\nCOPY --chown=node:node package.json ./\nFROM deps AS build\nRUN npm run build\nFROM build\nCMD ["node", "dist/server.js"]\n';

describe("parseDockerfile", () => {
  it("splits stages, flags, exec form and positions", () => {
    const model = parseDockerfile("/p/Dockerfile", text);
    expect(model.preamble.map((instruction) => instruction.keyword)).toEqual(["ARG"]);
    expect(model.stages.map((stage) => stage.name)).toEqual(["deps", "build", undefined]);
    const copy = model.stages[0]!.instructions[0]!;
    expect(copy).toMatchObject({ keyword: "COPY", args: ["package.json", "./"], flags: { chown: "node:node" }, at: { line: 3, column: 1 } });
    expect(model.stages[2]!.instructions[0]).toMatchObject({ execForm: true, args: ["node", "dist/server.js"] });
  });
  it("follows FROM <stage> to the external base image", () => {
    const model = parseDockerfile("/p/Dockerfile", text);
    const last = finalStage(model)!;
    expect(baseImageOf(model, last)).toBe("node:20-slim");
    expect(stageChain(model, last).map((stage) => stage.index)).toEqual([2, 1, 0]);
    expect(finalStage(model, "deps")?.index).toBe(0);
  });
});

describe("parseDockerfile on odd input", () => {
  it("joins continuation lines into one RUN at the line it starts on, and uppercases keywords", () => {
    const model = parseDockerfile("/p/Dockerfile", "from python:3.11-slim\nrun apt-get update && \\\n    apt-get install -y curl\nUSER app\n");
    const [run, user] = model.stages[0]!.instructions;
    expect(run).toMatchObject({ keyword: "RUN", at: { line: 2 } });
    expect(run!.text).toContain("apt-get install -y curl");
    expect(user).toMatchObject({ keyword: "USER", args: ["app"], at: { line: 4 } });
  });
  it("reads exec form after flags and leaves broken JSON as shell form", () => {
    const model = parseDockerfile("/p/Dockerfile", 'FROM node:20\nRUN --mount=type=cache,target=/root/.npm ["npm", "ci"]\nCMD ["node", "x.js"\n');
    const [run, cmd] = model.stages[0]!.instructions;
    expect(run).toMatchObject({ execForm: true, args: ["npm", "ci"], flags: { mount: "type=cache,target=/root/.npm" } });
    expect(cmd).toMatchObject({ execForm: false, text: '["node", "x.js"' });
  });
  it("strips flags from the text of shell-form instructions", () => {
    const copy = parseDockerfile("/p/Dockerfile", "FROM node:20\nCOPY --chown=node:node --chmod=755 entrypoint.sh /usr/local/bin/\n").stages[0]!.instructions[0]!;
    expect(copy).toMatchObject({ text: "entrypoint.sh /usr/local/bin/", args: ["entrypoint.sh", "/usr/local/bin/"], flags: { chown: "node:node", chmod: "755" } });
  });
  it("never throws: an empty file and a file without FROM have no stages", () => {
    expect(parseDockerfile("/p/Dockerfile", "").stages).toEqual([]);
    const noFrom = parseDockerfile("/p/Dockerfile", "RUN echo hi\n");
    expect(noFrom.stages).toEqual([]);
    expect(noFrom.preamble.map((instruction) => instruction.keyword)).toEqual(["RUN"]);
  });
  it("matches stage names case-insensitively and returns no stage for an unknown target", () => {
    const model = parseDockerfile("/p/Dockerfile", "FROM golang:1.22 AS Builder\nRUN go build\nFROM BUILDER\n");
    expect(model.stages[0]!.name).toBe("builder");
    expect(baseImageOf(model, model.stages[1]!)).toBe("golang:1.22");
    expect(finalStage(model, "Builder")?.index).toBe(0);
    expect(finalStage(model, "release")).toBeUndefined();
  });
  it("does not follow a stage to a later one of the same name", () => {
    const model = parseDockerfile("/p/Dockerfile", "FROM base\nFROM alpine:3.19 AS base\n");
    expect(baseImageOf(model, model.stages[0]!)).toBe("base");
    expect(stageChain(model, model.stages[0]!)).toHaveLength(1);
  });
});
