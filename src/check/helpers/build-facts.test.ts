import { describe, expect, it } from "vitest";
import { stageChain } from "../sources/dockerfile.js";
import { fixtureContext } from "../testing/check-fixture.js";
import { contextCopies, contextMatches, contextRelative, effectiveUser, globToRegExp, isRootUser, isWholesaleCopy, workdirAt } from "./build-facts.js";
import { copiedProgram, traceImagePath } from "./image-paths.js";

const dockerfile = `FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
USER node
FROM deps AS build
WORKDIR src
COPY --chown=node:node ./src/ ./
COPY docker/entrypoint.sh /usr/local/bin/
COPY config.*.json /etc/app/
COPY --from=deps /app/node_modules ./node_modules
FROM build
COPY . .
`;
const context = fixtureContext({
  compose: "services:\n  api:\n    build: .\n",
  files: { Dockerfile: dockerfile, "package.json": "{}", "package-lock.json": "{}", "src/server.js": "", "docker/entrypoint.sh": "#!/bin/sh\n", "config.prod.json": "{}", "config.dev.json": "{}", "secret.txt": "x", ".dockerignore": "config.dev.json\nsecret.txt\n" },
});
const build = context.services[0]!.build!;
const model = build.dockerfile!;
const chain = stageChain(model, build.stage!);

describe("Dockerfile facts across a stage chain", () => {
  it("finds the COPYs from the context, not from another stage, and the wholesale one", () => {
    expect(contextCopies(model.stages[1]!).map((copy) => [copy.sources, copy.dest])).toEqual([
      [["./src/"], "./"],
      [["docker/entrypoint.sh"], "/usr/local/bin/"],
      [["config.*.json"], "/etc/app/"],
    ]);
    expect(contextCopies(model.stages[2]!).map(isWholesaleCopy)).toEqual([true]);
  });

  it("resolves WORKDIR relative to the one before, through the inherited stages", () => {
    const copySrc = model.stages[1]!.instructions[1];
    expect(workdirAt(chain, copySrc)).toBe("/app/src");
    expect(workdirAt(chain, undefined)).toBe("/app/src");
    expect(workdirAt([model.stages[0]!], model.stages[0]!.instructions[0])).toBe("/");
  });

  it("inherits USER from an earlier stage, and knows root when it sees it", () => {
    expect(effectiveUser(chain)).toBe("node");
    expect(effectiveUser([])).toBeUndefined();
    expect([undefined, "root", "0", "0:0", "root:staff", "node", "1000"].map(isRootUser)).toEqual([true, true, true, true, true, false, false]);
  });

  it("matches COPY sources against the context after .dockerignore, globs against the listing", () => {
    expect(["package.json", "./src/", "config.*.json", "config.dev.json", "secret.txt", "missing.txt", ".", "a/*/b"].map((source) => contextMatches(context.files, build, source))).toEqual([true, true, true, false, false, false, true, true]);
    expect(contextMatches(context.files, build, "secret.*")).toBe(false);
  });

  it.each([
    ["./src/", "src"],
    ["/etc/app/", "etc/app"],
    ["././a/../b", "b"],
    ["./", "."],
  ])("contextRelative(%s) is %s", (source, relative) => {
    expect(contextRelative(source)).toBe(relative);
  });
});

describe("globToRegExp (Go's filepath.Match)", () => {
  it.each([
    ["*.json", "a.json", true],
    ["*.json", "dir/a.json", false],
    ["file?.txt", "file1.txt", true],
    ["[a-c]at", "bat", true],
    ["[^a-c]at", "bat", false],
    ["\\*star", "*star", true],
    ["a.b", "axb", false],
  ])("%s matches %s: %s", (glob, name, matches) => {
    expect(globToRegExp(glob)?.test(name)).toBe(matches);
  });

  it.each(["[", "[]", "[z-a]", "trailing\\"])("rejects the malformed pattern %s as Go does", (glob) => {
    expect(globToRegExp(glob)).toBeUndefined();
  });
});

describe("where a path in the image comes from", () => {
  it("traces copied files back to the context, and says missing or unknown otherwise", () => {
    expect(traceImagePath(context.files, build, chain, "/app/src/server.js")).toEqual({ kind: "context", source: "src/server.js" });
    expect(traceImagePath(context.files, build, chain, "/usr/local/bin/entrypoint.sh")).toEqual({ kind: "context", source: "docker/entrypoint.sh" });
    expect(traceImagePath(context.files, build, chain, "/app/src/node_modules/x/index.js")).toEqual({ kind: "unknown" });
    const noOtherStage = [model.stages[0]!];
    expect(traceImagePath(context.files, build, noOtherStage, "/app/server.js")).toEqual({ kind: "missing" });
    expect(traceImagePath(context.files, build, noOtherStage, "/app/package.json")).toEqual({ kind: "context", source: "package.json" });
  });

  it("finds the host file a program called by bare name was copied from", () => {
    expect(copiedProgram(context.files, build, chain, "entrypoint.sh")).toBe(`${build.contextDir}/docker/entrypoint.sh`);
    expect(copiedProgram(context.files, build, chain, "/usr/local/bin/entrypoint.sh")).toBe(`${build.contextDir}/docker/entrypoint.sh`);
    expect(copiedProgram(context.files, build, chain, "server.js")).toBe(`${build.contextDir}/src/server.js`);
    expect(copiedProgram(context.files, build, chain, "start.sh")).toBeUndefined();
  });
});
