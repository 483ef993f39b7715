import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCase, type CaseFiles } from "./run-case.js";

// Inputs that once crashed berth (exit 70, or a rule that failed) or failed without saying where:
// each runs through `config` and `check` as the fuzz harness does and must come out clean.
const cases: Readonly<Record<string, CaseFiles>> = {
  "extends naming its own file through file:": { "compose.yaml": "services:\n  base:\n    image: nginx:1.22\n  web:\n    extends:\n      file: compose.yaml\n      service: base\n" },
  "extends across files and back (no cycle)": {
    "compose.yaml": "services:\n  base:\n    image: nginx:1.22\n  web:\n    extends:\n      file: b.yaml\n      service: mid\n",
    "b.yaml": "services:\n  mid:\n    extends:\n      file: compose.yaml\n      service: base\n    environment: {A: '1'}\n",
  },
  "extends cycle across files": {
    "compose.yaml": "services:\n  web:\n    extends:\n      file: b.yaml\n      service: mid\n",
    "b.yaml": "services:\n  mid:\n    extends:\n      file: compose.yaml\n      service: web\n    image: x\n",
  },
  "extends of a missing file": { "compose.yaml": "services:\n  web:\n    image: x\n    extends: {file: missing.yaml, service: a}\n" },
  "include of itself": { "compose.yaml": "include:\n  - compose.yaml\nservices:\n  web:\n    image: nginx:1.22\n" },
  "include cycle": { "compose.yaml": "include:\n  - b.yaml\nservices:\n  web:\n    image: nginx:1.22\n", "b.yaml": "include:\n  - compose.yaml\nservices:\n  api:\n    image: nginx:1.22\n" },
  "include of a missing file": { "compose.yaml": "include:\n  - nope.yaml\nservices:\n  web:\n    image: x\n" },
  "anchor used inside its own node": { "compose.yaml": "services: &s\n  web:\n    image: nginx:1.22\n    labels: *s\n" },
  // Found by the 10,000-case run (seed 7): every alias walked the whole document (quadratic:
  // 4,000 lines took 49 s), and an alias of no anchor was accepted as null.
  "merge keys of an undefined anchor, repeated": { "compose.yaml": `<<: \n${"<<: *as\n".repeat(187)}` },
  "merge key of its own anchor": { "compose.yaml": "x-a: &a\n  k: 1\n  <<: *a\nservices:\n  web:\n    image: x\n" },
  "x-berth.check.disable holding an object": {
    "compose.yaml": "services:\n  web:\n    image: nginx:1.22\n    x-berth:\n      check:\n        disable: {a: 1}\nx-berth:\n  check:\n    disable: {a: 1}\n    severity: [1]\n",
  },
  "long-syntax volume without target on nginx": {
    "compose.yaml": "services:\n  web:\n    image: nginx:1.22\n    volumes:\n      - type: bind\n        source: ./nginx.conf\n",
    "nginx.conf": "events {}\nhttp { server { listen 80; } }\n",
  },
  ".dockerignore and COPY sources that are not valid globs": {
    "compose.yaml": "services:\n  web:\n    build: .\n",
    ".dockerignore": "[\n*.log\na[b\n",
    "Dockerfile": "FROM node:20-bookworm-slim\nCOPY [a-(.json ./\nCOPY src/[ ./\nCOPY x[z-a] ./\nCOPY run.sh /run.sh\nENTRYPOINT [\"/run.sh\"]\n",
    "run.sh": "#!/usr/bin/env (a\necho\n",
  },
  "nginx include with an unclosed class": {
    "compose.yaml": "services:\n  web:\n    image: nginx:1.22\n    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n",
    "nginx.conf": "events {}\nhttp { include /etc/nginx/conf.d/[.conf; server { listen 80; } }\n",
  },
  "a service named __proto__": { "compose.yaml": "services:\n  __proto__:\n    image: nginx:1.22\n  web:\n    image: nginx:1.22\n    depends_on: [__proto__]\n" },
  "services named after Object.prototype members": { "compose.yaml": "services:\n  constructor:\n    image: nginx:1.22\n  web:\n    image: nginx:1.22\n    depends_on: [toString, hasOwnProperty]\n" },
  "long-syntax bind volume without target (bind-mount rule)": { "compose.yaml": "services:\n  app:\n    image: x\n    volumes:\n      - type: bind\n        source: ./uploads\n" },
  "postgres volume without target (initdb rule)": { "compose.yaml": "services:\n  db:\n    image: postgres:15\n    volumes:\n      - type: volume\n        source: data\nvolumes:\n  data: {}\n" },
  "required variable in the top-level name": { "compose.yaml": "name: ${X:?}\nservices:\n  web:\n    image: x\n" },
  "unterminated variable in the top-level name": { "compose.yaml": "name: ${X\nservices:\n  web:\n    image: x\n" },
  "nginx blocks nested thousands deep": {
    "compose.yaml": "services:\n  web:\n    image: nginx:1.22\n    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n",
    "nginx.conf": `events {}\nhttp {\n${"  server {\n    listen 80;\n".repeat(3000)}`,
  },
  "env_file naming a folder": { "compose.yaml": "services:\n  jobs:\n    image: x\n    env_file: .\n" },
  "COMPOSE_FILE in .env naming a missing file": { ".env": 'COMPOSE_FILE=stA="unterminatedack.yaml:stack.dev.yaml\n', "compose.yaml": "services: {}\n" },
  "a toString key in a list item (ajv's deep equality called it)": { "compose.yaml": "services:\n  app:\n    image: x\n    volumes:\n      - type: volume\n      - type: tmpfs\n        toString: service:web\n" },
  "environment variables named toString and valueOf": { "compose.yaml": "services:\n  app:\n    image: x\n    environment:\n      toString: '1'\n      valueOf: '2'\n" },
  "missing env_file": { "compose.yaml": "services:\n  api:\n    image: x\n    env_file: nope.env\n" },
};

describe("inputs that once crashed berth or failed without a position", () => {
  for (const [name, files] of Object.entries(cases)) {
    it(name, async () => {
      const result = await runCase(files);
      expect(result.problems).toEqual([]);
    });
  }
});

// Minimized failures the harness saved (`npx tsx test/fuzz/run.ts --save`).
const crashers = fileURLToPath(new URL("./crashers", import.meta.url));
const saved = existsSync(crashers) ? readdirSync(crashers).filter((name) => existsSync(join(crashers, name, "files"))) : [];

describe.runIf(saved.length > 0)("saved fuzz failures", () => {
  for (const name of saved) {
    it(name, async () => {
      const result = await runCase(readTree(join(crashers, name, "files")));
      expect(result.problems).toEqual([]);
    });
  }
});

function readTree(root: string, dir = root, out: Record<string, string> = {}): Record<string, string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) readTree(root, path, out);
    else out[relative(root, path)] = readFileSync(path, "utf8");
  }
  return out;
}
