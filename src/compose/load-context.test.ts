import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../common/errors.js";
import { resolveLoadContext } from "./load-context.js";
import type { LoadOptions } from "./model/load-options.js";

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

// A fresh folder tree per test: { "site/compose.yaml": "...", ".env": "..." }.
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "berth-ctx-"));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const options = (cwd: string, overrides: Partial<LoadOptions> = {}): LoadOptions => ({
  files: [],
  profiles: [],
  envFiles: [],
  environment: {},
  cwd,
  ...overrides,
});

const service = "services:\n  web:\n    image: nginx\n";

describe("resolveLoadContext: compose files and working directory", () => {
  it("takes -f files relative to cwd; the first file's folder is the working dir and holds the .env", () => {
    const root = tree({
      ".env": "WEB_TAG=1.25\n",
      "site/.env": "WEB_TAG=1.27-alpine\n",
      "site/compose.yaml": service,
    });
    const context = resolveLoadContext(options(root, { files: ["site/compose.yaml"] }));
    expect(context.workingDir).toBe(join(root, "site"));
    expect(context.composeFiles).toEqual([join(root, "site/compose.yaml")]);
    expect(context.environment).toEqual({ WEB_TAG: "1.27-alpine" });
    expect(context.envFiles).toEqual([join(root, "site/.env")]);
  });

  it("discovers compose.yaml and merges compose.override.yaml beside it", () => {
    const root = tree({ "compose.yaml": service, "compose.override.yaml": service });
    const context = resolveLoadContext(options(root));
    expect(context.composeFiles).toEqual([join(root, "compose.yaml"), join(root, "compose.override.yaml")]);
    expect(context.workingDir).toBe(root);
    expect(context.envFiles).toEqual([]);
  });

  it("discovers the legacy docker-compose names", () => {
    const root = tree({ "docker-compose.yml": service, "docker-compose.override.yml": service });
    expect(resolveLoadContext(options(root)).composeFiles).toEqual([
      join(root, "docker-compose.yml"),
      join(root, "docker-compose.override.yml"),
    ]);
  });

  it("prefers compose.yaml and warns when several names are present", () => {
    const root = tree({ "compose.yaml": service, "docker-compose.yml": service });
    const context = resolveLoadContext(options(root));
    expect(context.composeFiles).toEqual([join(root, "compose.yaml")]);
    expect(context.warnings).toEqual([expect.objectContaining({ code: "compose.multiple-files" })]);
  });

  it("walks up to a parent folder holding a compose file", () => {
    const root = tree({ "compose.yaml": service, "src/app/.keep": "" });
    const context = resolveLoadContext(options(join(root, "src/app")));
    expect(context.composeFiles).toEqual([join(root, "compose.yaml")]);
    expect(context.workingDir).toBe(root);
  });

  it("uses COMPOSE_FILE from the current folder's .env, ':'-separated and relative to cwd", () => {
    const root = tree({
      ".env": "COMPOSE_FILE=stack.yaml:stack.dev.yaml\n",
      "compose.yaml": "services:\n  web:\n    image: wrong/decoy:0\n",
      "stack.yaml": service,
      "stack.dev.yaml": service,
    });
    expect(resolveLoadContext(options(root)).composeFiles).toEqual([
      join(root, "stack.yaml"),
      join(root, "stack.dev.yaml"),
    ]);
  });

  it("honours COMPOSE_PATH_SEPARATOR and ignores COMPOSE_FILE when -f is given", () => {
    const root = tree({ "a.yaml": service, "b.yaml": service, "c.yaml": service });
    const environment = { COMPOSE_FILE: "a.yaml;b.yaml", COMPOSE_PATH_SEPARATOR: ";" };
    expect(resolveLoadContext(options(root, { environment })).composeFiles).toEqual([
      join(root, "a.yaml"),
      join(root, "b.yaml"),
    ]);
    expect(resolveLoadContext(options(root, { environment, files: ["c.yaml"] })).composeFiles).toEqual([
      join(root, "c.yaml"),
    ]);
  });

  it("looks in --project-directory for the compose file and the .env, and makes it the working dir", () => {
    const root = tree({
      "compose.yaml": "services:\n  web:\n    image: wrong/decoy:0\n",
      "deploy/.env": "WEB_TAG=1.27\n",
      "deploy/compose.yaml": service,
    });
    const context = resolveLoadContext(options(root, { projectDirectory: "deploy" }));
    expect(context.workingDir).toBe(join(root, "deploy"));
    expect(context.composeFiles).toEqual([join(root, "deploy/compose.yaml")]);
    expect(context.environment).toEqual({ WEB_TAG: "1.27" });
  });

  it("keeps --project-directory as working dir even with -f elsewhere", () => {
    const root = tree({ "files/compose.yaml": service, "proj/.env": "FROM=proj\n" });
    const context = resolveLoadContext(
      options(root, { files: ["files/compose.yaml"], projectDirectory: "proj" }),
    );
    expect(context.workingDir).toBe(join(root, "proj"));
    expect(context.environment).toEqual({ FROM: "proj" });
  });

  it("names a missing -f file, and a missing COMPOSE_FILE entry", () => {
    const root = tree({});
    expect(() => resolveLoadContext(options(root, { files: ["nope.yaml"] }))).toThrow(
      `compose file ${join(root, "nope.yaml")} not found`,
    );
    expect(() => resolveLoadContext(options(root, { environment: { COMPOSE_FILE: "gone.yaml" } }))).toThrow(
      "(from COMPOSE_FILE)",
    );
  });

  it("locates a missing COMPOSE_FILE entry at its line in .env, not when it comes from the shell", () => {
    const root = tree({ ".env": "A=1\nCOMPOSE_FILE=gone.yaml\n" });
    expect(() => resolveLoadContext(options(root))).toThrow(expect.objectContaining({ location: { file: join(root, ".env"), line: 2, column: 1 } }));
    expect(() => resolveLoadContext(options(root, { environment: { COMPOSE_FILE: "gone.yaml" } }))).toThrow(expect.objectContaining({ location: undefined }));
  });

  it("refuses a folder given as compose file or env file", () => {
    const root = tree({ "conf/.keep": "", "compose.yaml": service });
    expect(() => resolveLoadContext(options(root, { files: ["conf"] }))).toThrow("is a directory");
    expect(() => resolveLoadContext(options(root, { envFiles: ["conf"] }))).toThrow(
      expect.objectContaining({ code: "compose.env-file-invalid" }),
    );
  });

  it("explains when no compose file can be found", () => {
    const root = tree({ "empty/.keep": "" });
    if (existsSync(join(tmpdir(), "compose.yaml"))) return; // a stray file above would be found
    expect(() => resolveLoadContext(options(join(root, "empty")))).toThrow(
      expect.objectContaining({ code: "compose.no-config", hint: expect.stringContaining("-f") as unknown }),
    );
  });
});

describe("resolveLoadContext: environment", () => {
  it("lets the shell beat .env, and interpolates .env values with the shell and earlier keys", () => {
    const root = tree({
      "compose.yaml": service,
      ".env": "APP_TAG=3.1.0\nBASE=example.test\nAPI=api.${BASE}\nGREETING=hi-${VISITOR}\nRAW='${BASE}'\n",
    });
    const context = resolveLoadContext(
      options(root, { environment: { APP_TAG: "3.2.0-rc1", VISITOR: "ana", GONE: undefined } }),
    );
    expect(context.environment).toEqual({
      APP_TAG: "3.2.0-rc1",
      BASE: "example.test",
      API: "api.example.test",
      GREETING: "hi-ana",
      RAW: "${BASE}",
      VISITOR: "ana",
    });
  });

  it("reads --env-file instead of .env, in order, later files winning, relative to cwd", () => {
    const root = tree({
      "compose.yaml": service,
      ".env": "APP_TAG=from-dotenv\nDOTENV_ONLY=present\n",
      "config/base.env": "APP_TAG=from-base\nREGION=eu-west\n",
      "config/local.env": "APP_TAG=from-local\nZONE=${REGION}-1\n",
    });
    const context = resolveLoadContext(options(root, { envFiles: ["config/base.env", "config/local.env"] }));
    expect(context.environment).toEqual({ APP_TAG: "from-local", REGION: "eu-west", ZONE: "eu-west-1" });
    expect(context.envFiles).toEqual([join(root, "config/base.env"), join(root, "config/local.env")]);
  });

  it("warns once about unset variables in .env, with file and line", () => {
    const root = tree({ "compose.yaml": service, ".env": "A=1\nB=${NOT_SET}\n" });
    const context = resolveLoadContext(options(root, { files: ["compose.yaml"] }));
    expect(context.environment).toEqual({ A: "1", B: "" });
    expect(context.warnings).toEqual([
      expect.objectContaining({
        code: "compose.unset-variable",
        location: { file: join(root, ".env"), line: 2, column: 1 },
      }),
    ]);
  });

  it("names a missing --env-file", () => {
    const root = tree({ "compose.yaml": service });
    const run = () => resolveLoadContext(options(root, { envFiles: ["missing.env"] }));
    expect(run).toThrow(`env file ${join(root, "missing.env")} (from --env-file) not found`);
  });

  it("reports .env syntax errors with file and line", () => {
    const root = tree({ "compose.yaml": service, ".env": "OK=1\nNOT OK=2\n" });
    expect(() => resolveLoadContext(options(root))).toThrow(
      `${join(root, ".env")}: line 2: key cannot contain a space`,
    );
  });

  it("keeps the current folder's .env values over the project folder's for the same name", () => {
    const root = tree({
      ".env": "COMPOSE_FILE=app/compose.yaml\nSHARED=cwd\n",
      "app/compose.yaml": service,
      "app/.env": "SHARED=app\nONLY_APP=1\n",
    });
    const context = resolveLoadContext(options(root));
    expect(context.workingDir).toBe(join(root, "app"));
    expect(context.environment).toMatchObject({ SHARED: "cwd", ONLY_APP: "1" });
    expect(context.envFiles).toEqual([join(root, ".env"), join(root, "app/.env")]);
  });

  it("skips .env when COMPOSE_DISABLE_ENV_FILE is true in the shell", () => {
    const root = tree({ "compose.yaml": service, ".env": "A=1\n" });
    expect(
      resolveLoadContext(options(root, { environment: { COMPOSE_DISABLE_ENV_FILE: "true" } })).environment,
    ).toEqual({
      COMPOSE_DISABLE_ENV_FILE: "true",
    });
  });
});

describe("resolveLoadContext: profiles and -p", () => {
  it("takes COMPOSE_PROFILES (comma-separated, trimmed) unless --profile is given", () => {
    const root = tree({ "compose.yaml": service, ".env": "COMPOSE_PROFILES= debug , tools,,\n" });
    expect(resolveLoadContext(options(root)).profiles).toEqual(["debug", "tools"]);
    expect(resolveLoadContext(options(root, { profiles: ["web"] })).profiles).toEqual(["web"]);
  });

  it("rejects an invalid -p as a usage error", () => {
    const root = tree({ "compose.yaml": service });
    expect(() => resolveLoadContext(options(root, { projectName: "Shop_App" }))).toThrow(UsageError);
  });
});
