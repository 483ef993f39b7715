import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { frontendHardcodedLocalhost } from "./frontend-hardcoded-localhost.js";

const compose = "services:\n  web:\n    build: ./web\n";
const files = (code: string) => ({ "web/Dockerfile": "FROM node:20-slim\n", "web/package.json": '{ "dependencies": { "react": "18.0.0" } }', "web/src/api.ts": code, "web/src/api.test.ts": "fetch('http://localhost:8000/x')\n" });

describe("frontend-hardcoded-localhost", () => {
  it("fires on a hardcoded localhost API in app code", () => {
    expect(findingsOf(frontendHardcodedLocalhost, { compose, files: files("import axios from 'axios';\nexport const api = axios.create({ baseURL: 'http://localhost:8000/api' });\n") })).toMatchObject([{ file: "web/src/api.ts", line: 2 }]);
  });
  it("stays quiet on relative URLs, env fallbacks and tests", () => {
    expect(findingsOf(frontendHardcodedLocalhost, { compose, files: files("export const api = import.meta.env.VITE_API ?? 'http://localhost:8000';\nfetch('/api/x');\n") })).toEqual([]);
  });
});
