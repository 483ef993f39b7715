import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { workspaceOutsideContext } from "./workspace-outside-context.js";

const files = {
  "pnpm-workspace.yaml": "packages: ['apps/*', 'packages/*']\n",
  "package.json": "{}",
  "apps/web/package.json": '{ "dependencies": { "@acme/ui": "workspace:*" } }',
  "apps/web/Dockerfile": "FROM node:20-slim\n",
};

describe("workspace-outside-context", () => {
  it("fires when the context is the app folder", () => {
    expect(findingsOf(workspaceOutsideContext, { compose: "services:\n  web:\n    build: ./apps/web\n", files })).toMatchObject([{ message: expect.stringContaining("@acme/ui") }]);
  });
  it("stays quiet when the context is the workspace root", () => {
    const compose = "services:\n  web:\n    build:\n      context: .\n      dockerfile: apps/web/Dockerfile\n";
    expect(findingsOf(workspaceOutsideContext, { compose, files })).toEqual([]);
  });
});
