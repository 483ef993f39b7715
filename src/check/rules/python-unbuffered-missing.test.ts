import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { pythonUnbufferedMissing } from "./python-unbuffered-missing.js";

const compose = "services:\n  api:\n    build: .\n";

describe("python-unbuffered-missing", () => {
  it("fires on a python image without PYTHONUNBUFFERED", () => {
    expect(findingsOf(pythonUnbufferedMissing, { compose, files: { Dockerfile: 'FROM python:3.11-slim\nCMD ["python", "main.py"]\n' } })).toHaveLength(1);
  });
  it("stays quiet with ENV PYTHONUNBUFFERED=1", () => {
    expect(findingsOf(pythonUnbufferedMissing, { compose, files: { Dockerfile: 'FROM python:3.11-slim\nENV PYTHONUNBUFFERED=1\nCMD ["python", "main.py"]\n' } })).toEqual([]);
  });
});
