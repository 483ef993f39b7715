import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { copyOutsideContext } from "./copy-outside-context.js";

const compose = "services:\n  web:\n    build: ./apps/web\n";

describe("copy-outside-context", () => {
  it("fires on ../ sources", () => {
    const files = { "apps/web/Dockerfile": "FROM node:20-slim\nCOPY ../../packages/ui ./packages/ui\n" };
    expect(findingsOf(copyOutsideContext, { compose, files })).toMatchObject([{ line: 2 }]);
  });
  it("stays quiet on sources inside the context", () => {
    const files = { "apps/web/Dockerfile": "FROM node:20-slim\nCOPY ./src ./src\n" };
    expect(findingsOf(copyOutsideContext, { compose, files })).toEqual([]);
  });
});

describe("copy-outside-context: paths that leave the context however they are written", () => {
  const findings = (dockerfile: string) => findingsOf(copyOutsideContext, { compose, files: { "apps/web/Dockerfile": `FROM node:20-slim\n${dockerfile}` } });

  it("names the source and the service, with the fix", () => {
    expect(findings("COPY package.json ../../pnpm-lock.yaml ./\n")).toMatchObject([{ file: "apps/web/Dockerfile", line: 2, message: 'COPY source "../../pnpm-lock.yaml" is outside the build context of "web"', hint: "widen build.context (e.g. to the repo root) and set build.dockerfile to this file" }]);
  });

  it.each(["..", "src/../..", "./src/../../shared", "ADD ../vendor.tar.gz /opt/"])("fires on %s", (source) => {
    const line = source.startsWith("ADD") ? `${source}\n` : `COPY ${source} /app/\n`;
    expect(findings(line)).toHaveLength(1);
  });

  it("stays quiet on a path that only passes through a parent inside the context, and on COPY --from a stage", () => {
    expect(findings("COPY src/../package.json ./\n")).toEqual([]);
    expect(findings("COPY --from=node:20 ../usr/local/bin/node /usr/local/bin/\n")).toEqual([]);
  });
});
