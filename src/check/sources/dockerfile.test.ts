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
