import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { pythonModuleNotInImage } from "./python-module-not-in-image.js";

const compose = "services:\n  aidb:\n    build: ./aidb\n";
const server = "import json\nimport psycopg2\nfrom health_check import HealthChecker\n";

describe("python-module-not-in-image", () => {
  it("fires when the imported module lives outside what the Dockerfile copies", () => {
    const files = { "aidb/Dockerfile": "FROM python:3.11-slim\nWORKDIR /app\nCOPY app/ ./\n", "aidb/app/server.py": server, "aidb/hotfix/health_check.py": "class HealthChecker: pass\n" };
    expect(findingsOf(pythonModuleNotInImage, { compose, files })).toMatchObject([{ file: "aidb/app/server.py", line: 3, message: expect.stringContaining("aidb/hotfix/health_check.py") }]);
  });
  it("stays quiet for packages copied as folders", () => {
    const files = { "aidb/Dockerfile": "FROM python:3.11-slim\nWORKDIR /app\nCOPY brain_runtime ./brain_runtime\nCOPY processors ./processors\n", "aidb/brain_runtime/__init__.py": "", "aidb/brain_runtime/app.py": "from brain_runtime import vectors\nfrom processors.embed import embed\n", "aidb/processors/__init__.py": "" };
    expect(findingsOf(pythonModuleNotInImage, { compose, files })).toEqual([]);
  });
  it("stays quiet when the module is copied too", () => {
    const files = { "aidb/Dockerfile": "FROM python:3.11-slim\nWORKDIR /app\nCOPY app/ ./\nCOPY hotfix/health_check.py ./\n", "aidb/app/server.py": server, "aidb/hotfix/health_check.py": "" };
    expect(findingsOf(pythonModuleNotInImage, { compose, files })).toEqual([]);
  });
});

describe("python-module-not-in-image on other layouts", () => {
  const dockerfile = "FROM python:3.11-slim\nWORKDIR /app\nCOPY app/ ./\n";

  it("finds a package (a folder with __init__.py) left out, imported as `import pkg`", () => {
    const files = { "aidb/Dockerfile": dockerfile, "aidb/app/main.py": "import os\nimport helpers\n", "aidb/lib/helpers/__init__.py": "" };
    expect(findingsOf(pythonModuleNotInImage, { compose, files }).map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual(['aidb/app/main.py:2 imports "helpers", which is in the repository (aidb/lib/helpers/__init__.py) but not in the image']);
  });

  it("follows COPYs of an earlier stage the image is built from", () => {
    const staged = "FROM python:3.11-slim AS base\nWORKDIR /app\nCOPY hotfix/health_check.py ./\nFROM base\nCOPY app/ ./\n";
    expect(findingsOf(pythonModuleNotInImage, { compose, files: { "aidb/Dockerfile": staged, "aidb/app/server.py": server, "aidb/hotfix/health_check.py": "" } })).toEqual([]);
  });

  it("looks only at Python images, and not at a module copied under another name", () => {
    const node = { "aidb/Dockerfile": "FROM node:20-slim\nCOPY app/ ./\n", "aidb/app/server.py": server, "aidb/hotfix/health_check.py": "" };
    expect(findingsOf(pythonModuleNotInImage, { compose, files: node })).toEqual([]);
    const renamed = { "aidb/Dockerfile": `${dockerfile}COPY hotfix/checks.py ./health_check.py\n`, "aidb/app/server.py": server, "aidb/hotfix/checks.py": "", "aidb/hotfix/health_check.py": "" };
    expect(findingsOf(pythonModuleNotInImage, { compose, files: renamed })).toEqual([]);
  });
});
