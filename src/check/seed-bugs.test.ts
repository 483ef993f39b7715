import { describe, expect, it } from "vitest";
import { allRules } from "./rules/index.js";
import { checkFixture, type Fixture } from "./testing/check-fixture.js";

// Each seed report's failures, rebuilt as the smallest stack that has them: berth check must name
// every one before anything is built or run.
// A finding folds related rules at its line into "(also rule, rule)"; those count as fired too.
const rulesFired = (fixture: Fixture) =>
  new Set(checkFixture(fixture, allRules).flatMap((finding) => [finding.rule, ...(/\(also ([a-z, -]+)\)$/.exec(finding.message)?.[1]?.split(", ") ?? [])]));

describe("seed report bugs are found statically", () => {
  it("000 Second Brain: Next.js standalone, optional lockfile, narrow monorepo context, GID 20, host .venv, localhost API", () => {
    const compose = "services:\n  web:\n    build: ./apps/web\n    environment:\n      NEXT_PUBLIC_API_URL: http://backend:8000\n  backend:\n    build: ./services/brain_runtime\n";
    const fired = rulesFired({ compose, files: {
      "pnpm-workspace.yaml": "packages: ['apps/*', 'packages/*']\n",
      "apps/web/package.json": '{ "dependencies": { "next": "14.2.0", "react": "18.3.0", "@brain/shared": "workspace:*" } }',
      "apps/web/next.config.js": "module.exports = { reactStrictMode: true };\n",
      "apps/web/src/api.ts": "export const api = 'http://localhost:8000/api';\n",
      "apps/web/Dockerfile": "FROM node:20-bookworm-slim AS build\nWORKDIR /app\nCOPY package.json pnpm-lock.yaml* ./\nRUN pnpm install --frozen-lockfile\nCOPY . .\nRUN pnpm build\nFROM node:20-bookworm-slim\nCOPY --from=build /app/.next/standalone ./\nCMD [\"node\", \"server.js\"]\n",
      "services/brain_runtime/Dockerfile": "FROM python:3.11-slim-bookworm\nARG GROUP_ID=20\nRUN groupadd -g ${GROUP_ID} app\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD [\"python\", \"main.py\"]\n",
      "services/brain_runtime/.dockerignore": "venv/\n",
      "services/brain_runtime/.venv/bin/python": "",
      "services/brain_runtime/requirements.txt": "fastapi\n",
      "services/brain_runtime/main.py": "",
    } });
    for (const rule of ["nextjs-standalone-missing", "frozen-install-without-lockfile", "workspace-outside-context", "uid-gid-collision", "local-artifacts-not-ignored", "frontend-hardcoded-localhost", "public-build-var-at-runtime"]) expect(fired, rule).toContain(rule);
  });

  it("001 HiveMind: websocket headers, upstream port drift, redis auth and password on the command line, placeholders, override used alone", () => {
    const compose = "services:\n  frontend:\n    image: nginx:1.22\n    ports: ['80:80']\n    volumes: ['./nginx.conf:/etc/nginx/conf.d/default.conf:ro']\n  backend:\n    image: node:20-bookworm-slim\n    environment:\n      PORT: '3000'\n      JWT_SECRET: ${JWT_SECRET}\n  redis:\n    image: redis:7\n    command: redis-server --requirepass ${REDIS_PASSWORD}\n    healthcheck:\n      test: ['CMD', 'redis-cli', '--raw', 'incr', 'ping']\n";
    const fired = rulesFired({ compose, files: {
      ".env": "JWT_SECRET=change-this-to-a-strong-random-secret\nREDIS_PASSWORD=change-this-password\n",
      "nginx.conf": "server {\n  listen 80;\n  location /api/ { proxy_pass http://backend:8765; }\n  location /socket.io/ { proxy_pass http://backend:8765; }\n}\n",
      Makefile: "dev:\n\tdocker-compose -f docker-compose.dev.yml up\n",
      "docker-compose.dev.yml": "services:\n  backend:\n    volumes: ['./backend/src:/app/src']\n",
    } });
    for (const rule of ["websocket-upgrade-missing", "proxy-upstream-port-mismatch", "healthcheck-auth-missing", "secret-in-command-line", "placeholder-secret", "compose-invocation-mismatch", "static-upstream-resolution"]) expect(fired, rule).toContain(rule);
  });

  it("002 Autopack: curl in python slim, credentials in the URL, weak password, published datastores, undeclared dependency, layer order", () => {
    const compose = "services:\n  backend:\n    build: ./backend\n    environment:\n      DATABASE_URL: postgresql://autopack:autopack@db:5432/autopack\n      AUTOPACK_QDRANT_HOST: qdrant\n    depends_on: [db]\n    healthcheck:\n      test: ['CMD', 'curl', '-f', 'http://localhost:8000/health']\n  db:\n    image: postgres:15\n    ports: ['5432:5432']\n    environment:\n      POSTGRES_USER: autopack\n      POSTGRES_PASSWORD: autopack\n      POSTGRES_DB: autopack\n  qdrant:\n    image: qdrant/qdrant:v1.9.0\n    ports: ['6333:6333']\n";
    const fired = rulesFired({ compose, files: {
      "backend/Dockerfile": "FROM python:3.11-slim as backend\nWORKDIR /app\nCOPY ./src ./src\nCOPY requirements.txt .\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"uvicorn\", \"src.main:app\"]\n",
      "backend/requirements.txt": "fastapi\n",
      "backend/src/main.py": "",
    } });
    for (const rule of ["healthcheck-tool-missing", "credentials-in-url", "weak-or-default-credential", "literal-secret-in-compose", "datastore-port-published", "url-dependency-undeclared", "depends-on-not-healthy", "dependency-layer-order", "dockerignore-missing"]) expect(fired, rule).toContain(rule);
  });
});
