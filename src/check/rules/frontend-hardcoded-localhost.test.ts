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

describe("frontend-hardcoded-localhost: where it looks", () => {
  it("reports the URL with its column and the service name", () => {
    const [finding] = findingsOf(frontendHardcodedLocalhost, { compose, files: files("const socket = new WebSocket(\"ws://127.0.0.1:8765/live\");\n") });
    expect(finding).toMatchObject({ file: "web/src/api.ts", line: 1, column: 30, message: 'frontend code of "web" calls ws://127.0.0.1:8765/live; in production the browser would call the user\'s own machine' });
  });
  it("reports one finding per file, at the first hardcoded line", () => {
    const code = "// fetch('http://localhost:1/x')\nfetch('http://localhost:8000/a');\nfetch('http://localhost:8000/b');\n";
    expect(findingsOf(frontendHardcodedLocalhost, { compose, files: files(code) }).map((finding) => finding.line)).toEqual([2]);
  });
  it("stays quiet on backend packages and on config files", () => {
    const backend = { "web/Dockerfile": "FROM node:20-slim\n", "web/package.json": '{ "dependencies": { "express": "4.19.0" } }', "web/src/server.ts": "const base = 'http://localhost:8000';\n" };
    expect(findingsOf(frontendHardcodedLocalhost, { compose, files: backend })).toEqual([]);
    const config = { ...files("fetch('/api');\n"), "web/vite.config.ts": "export default { server: { proxy: { '/api': 'http://localhost:8000' } } };\n" };
    expect(findingsOf(frontendHardcodedLocalhost, { compose, files: config })).toEqual([]);
  });
});
