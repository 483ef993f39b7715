import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { spaFallbackMissing } from "./spa-fallback-missing.js";

const compose = "services:\n  frontend:\n    build: ./frontend\n";
const files = (location: string) => ({
  "frontend/Dockerfile": "FROM node:20-slim AS build\nRUN npm run build\nFROM nginx:1.22\nCOPY nginx.conf /etc/nginx/conf.d/default.conf\n",
  "frontend/package.json": '{ "dependencies": { "react-router-dom": "6.0.0" } }',
  "frontend/nginx.conf": `server {\n  root /usr/share/nginx/html;\n  location / {\n${location}  }\n}\n`,
});

describe("spa-fallback-missing", () => {
  it("fires on a React Router app without try_files", () => {
    expect(findingsOf(spaFallbackMissing, { compose, files: files("") })).toMatchObject([{ file: "frontend/nginx.conf", line: 3 }]);
  });
  it("stays quiet with the fallback", () => {
    expect(findingsOf(spaFallbackMissing, { compose, files: files("    try_files $uri $uri/ /index.html;\n") })).toEqual([]);
  });
});
