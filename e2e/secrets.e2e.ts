import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, Scenario } from "./support/scenario.js";

// `secrets:` and `configs:` on the real engine, as docker compose gives them on a single engine:
// Postgres reads its password from a file secret (POSTGRES_PASSWORD_FILE=/run/secrets/db_pw,
// a read-only bind), nginx serves a site from a file config and a page from a `content:` config,
// and an environment-sourced secret is copied in with its uid and mode. Changing a config's
// content recreates the service that reads it (and only that one); no command prints a value.

const project = "berthe2e-secrets";
const port = "18731";
const dbPassword = 'db-pw-canary-"e2e"\\x41';
const apiKey = "api-key-canary-5e7d";
const dir = mkdtempSync(join(tmpdir(), "berth-secrets-e2e-"));

const compose = `
services:
  db:
    image: postgres:15
    environment:
      POSTGRES_USER: app
      POSTGRES_DB: app
      POSTGRES_PASSWORD_FILE: /run/secrets/db_pw
    secrets: [db_pw]
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U app -d app"]
      interval: 1s
      timeout: 3s
      retries: 30
  web:
    image: nginx:1.22
    ports: ["127.0.0.1:${port}:80"]
    configs:
      - source: site
        target: /etc/nginx/conf.d/default.conf
      - source: banner
        target: /usr/share/nginx/html/banner.txt
    secrets:
      - source: api_key
        uid: "1234"
        gid: "1235"
        mode: 0400
secrets:
  db_pw:
    file: ./db_password.txt
  api_key:
    environment: API_KEY
configs:
  site:
    file: ./site.conf
  banner:
    content: "banner from a content config"
`;

function site(body: string): string {
  return `server {\n  listen 80;\n  location = /banner.txt { root /usr/share/nginx/html; }\n  location / { return 200 "${body}\\n"; }\n}\n`;
}

writeFileSync(join(dir, "compose.yaml"), compose);
writeFileSync(join(dir, "db_password.txt"), `${dbPassword}\n`);
writeFileSync(join(dir, "site.conf"), site("site v1"));

const stack = new Scenario({ project, cwd: dir, env: { API_KEY: apiKey, BERTH_STABLE_MS: "500" } });

function expectNoSecret(text: string, where: string): void {
  for (const secret of [dbPassword, JSON.stringify(dbPassword).slice(1, -1), apiKey]) expect(text.includes(secret), `a secret leaked into ${where}`).toBe(false);
}

async function containerId(service: string): Promise<string> {
  return (await docker(["ps", "-q", "--filter", `label=com.docker.compose.project=${project}`, "--filter", `label=com.docker.compose.service=${service}`])).trim();
}

describe("secrets and configs on the real engine", () => {
  beforeAll(async () => stack.cleanup());
  afterAll(async () => {
    await stack.berth(["down", "-v"]);
    await stack.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("mounts a file secret Postgres initialises with, and serves file and content configs", async () => {
    const up = await stack.step("up", () => stack.berth(["up", "--json"]));
    await stack.step("up succeeded without printing a secret", async () => {
      expect(up.code, up.stdout + up.stderr).toBe(0);
      expectNoSecret(up.stdout + up.stderr, "up --json");
    });
    await stack.step("the secret is a read-only bind at /run/secrets/db_pw", async () => {
      const mounts = JSON.parse(await docker(["inspect", "-f", "{{json .Mounts}}", `${project}-db-1`])) as { Type: string; Source: string; Destination: string; RW: boolean }[];
      expect(mounts).toContainEqual(expect.objectContaining({ Type: "bind", Source: join(dir, "db_password.txt"), Destination: "/run/secrets/db_pw", RW: false }));
    });
    await stack.step("Postgres took the password from the file: right one accepted, wrong one refused", async () => {
      // Over the container's network address: initdb trusts 127.0.0.1, the image's rule for others asks a password.
      const address = (await docker(["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", `${project}-db-1`])).trim();
      const sql = (password: string) => docker(["exec", "-e", `PGPASSWORD=${password}`, `${project}-db-1`, "psql", "-h", address, "-U", "app", "-d", "app", "-tAc", "select 41 + 1"]);
      expect((await sql(dbPassword)).trim()).toBe("42");
      expect(await sql("not-the-password")).toContain("password authentication failed");
    });
    await stack.step("nginx serves the file config and the content config", async () => {
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("site v1\n");
      expect(await (await fetch(`http://127.0.0.1:${port}/banner.txt`)).text()).toBe("banner from a content config");
    });
    await stack.step("the environment secret was copied in with its owner and mode", async () => {
      expect((await docker(["exec", `${project}-web-1`, "stat", "-c", "%a %u %g", "/run/secrets/api_key"])).trim()).toBe("400 1234 1235");
      expect(await docker(["exec", `${project}-web-1`, "cat", "/run/secrets/api_key"])).toBe(apiKey);
    });
  });

  it("prints no secret in ps, config, check or logs", async () => {
    for (const args of [["ps", "--json"], ["ps"], ["config"], ["check"], ["logs", "--tail", "50"]]) {
      const result = await stack.berth(args);
      expectNoSecret(result.stdout + result.stderr, `berth ${args.join(" ")}`);
    }
  });

  it("recreates only the service whose config content changed", async () => {
    const db = await containerId("db");
    const web = await containerId("web");
    writeFileSync(join(dir, "site.conf"), site("site v2"));
    const up = await stack.step("up after the change", () => stack.berth(["up", "--json"]));
    await stack.step("web recreated with the new content, db left alone", async () => {
      expect(up.code, up.stdout + up.stderr).toBe(0);
      expect(await containerId("web")).not.toBe(web);
      expect(await containerId("db")).toBe(db);
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("site v2\n");
    });
    const again = await stack.step("up with nothing changed", () => stack.berth(["up", "--json"]));
    await stack.step("nothing recreated", async () => {
      expect(again.code).toBe(0);
      expect(await containerId("db")).toBe(db);
    });
  });

  it("fails with the variable named when an environment secret's variable is unset, before replacing anything", async () => {
    const web = await containerId("web");
    const withoutKey = new Scenario({ project, cwd: dir, env: { BERTH_STABLE_MS: "500" } });
    const result = await stack.step("up without API_KEY", () => withoutKey.berth(["up"]));
    await stack.step("exit 1 naming API_KEY; the running web untouched", async () => {
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stdout + result.stderr).toContain('environment variable "API_KEY" is not set');
      expect(result.stdout + result.stderr).not.toContain("this is a bug");
      expect(await containerId("web")).toBe(web);
    });
  });
});
