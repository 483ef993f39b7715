import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Project } from "../compose/model/project.js";
import { loadInline } from "../compose/testing/inline-project.js";
import { serviceConfigHash } from "./config-hash.js";
import { boundFilesOf, configHashOf, copiedFilesOf, fileGrantsOf, MountedFileError, mountedFilesDigest, targetOf } from "./mounted-files.js";

const yaml = `
services:
  db:
    image: postgres:15
    secrets:
      - db_pw
      - source: api_key
        target: api.key
        uid: "999"
        gid: "998"
        mode: 0440
    configs:
      - site
      - source: motd
        target: /etc/motd
  web:
    image: nginx:1.22
secrets:
  db_pw:
    file: ./db_password.txt
  api_key:
    environment: API_KEY
configs:
  site:
    file: ./site.conf
  motd:
    content: "hello $$USER"
`;

function load(environment: Record<string, string> = { API_KEY: "k-3f9a1c" }, text = yaml): Project {
  return loadInline(text, { environment, extraFiles: { "db_password.txt": "pw-c4n4ry\n", "site.conf": "server {}\n" } });
}

function service(project: Project, name: string) {
  const found = project.services[name];
  if (!found) throw new Error(`no ${name}`);
  return found;
}

describe("targetOf", () => {
  it("puts secrets under /run/secrets and configs under / unless the target is absolute", () => {
    expect(targetOf("secret", { source: "pw" })).toBe("/run/secrets/pw");
    expect(targetOf("secret", { source: "pw", target: "db/pw" })).toBe("/run/secrets/db/pw");
    expect(targetOf("secret", { source: "pw", target: "/etc/pw" })).toBe("/etc/pw");
    expect(targetOf("config", { source: "site" })).toBe("/site");
    expect(targetOf("config", { source: "site", target: "nginx.conf" })).toBe("/nginx.conf");
    expect(targetOf("config", { source: "site", target: "/etc/nginx/conf.d/../nginx.conf" })).toBe("/etc/nginx/nginx.conf");
  });
});

describe("fileGrantsOf", () => {
  it("lists every grant with its target and YAML path", () => {
    const project = load();
    const grants = fileGrantsOf(project, service(project, "db"));
    expect(grants.map((g) => [g.kind, g.source, g.target, g.at])).toEqual([
      ["secret", "db_pw", "/run/secrets/db_pw", "services.db.secrets[0]"],
      ["secret", "api_key", "/run/secrets/api.key", "services.db.secrets[1]"],
      ["config", "site", "/site", "services.db.configs[0]"],
      ["config", "motd", "/etc/motd", "services.db.configs[1]"],
    ]);
    expect(fileGrantsOf(project, service(project, "web"))).toEqual([]);
  });
});

describe("boundFilesOf", () => {
  it("binds file-sourced grants without uid/gid/mode, as compose does", () => {
    const project = load();
    const dir = project.meta.workingDir;
    expect(boundFilesOf(project, service(project, "db"))).toEqual([
      { source: join(dir, "db_password.txt"), target: "/run/secrets/db_pw" },
      { source: join(dir, "site.conf"), target: "/site" },
    ]);
  });

  it("copies a file-sourced grant that asks for an owner or mode (a bind cannot honour them)", () => {
    const project = load({ API_KEY: "k-3f9a1c" }, yaml.replace("      - db_pw\n", "      - source: db_pw\n        mode: 0400\n"));
    const db = service(project, "db");
    expect(boundFilesOf(project, db).map((f) => f.target)).toEqual(["/site"]);
    const copied = copiedFilesOf(project, db).find((f) => f.target === "/run/secrets/db_pw");
    expect(copied?.content.toString()).toBe("pw-c4n4ry\n");
    expect(copied?.mode).toBe(0o400);
  });
});

describe("copiedFilesOf", () => {
  it("copies environment- and content-sourced grants with their owner and mode", () => {
    const project = load();
    const copies = copiedFilesOf(project, service(project, "db"));
    expect(copies.map((c) => ({ ...c, content: c.content.toString() }))).toEqual([
      { target: "/run/secrets/api.key", content: "k-3f9a1c", mode: 0o440, uid: 999, gid: 998 },
      { target: "/etc/motd", content: "hello $USER", mode: 0o444, uid: 0, gid: 0 },
    ]);
  });

  it("fails naming the key and the variable when the environment lacks it", () => {
    const project = load({});
    const error = captured(() => copiedFilesOf(project, service(project, "db")));
    expect(error.message).toBe('secrets.api_key: environment variable "API_KEY" is not set');
    expect(error.hint).toContain("API_KEY");
  });

  it("fails naming the file when a file source is missing", () => {
    const project = load();
    const missing = join(project.meta.workingDir, "gone.txt");
    const changed = { ...project, secrets: { ...project.secrets, db_pw: { name: "x_db_pw", file: missing } } };
    expect(captured(() => copiedFilesOf(changed, service(changed, "db"))).message).toBe(`secrets.db_pw.file: ${missing} does not exist`);
  });

  it("fails on a folder, an undeclared, an external source, a named owner and a bad mode", () => {
    const project = load();
    const db = service(project, "db");
    const folder = { ...project, configs: { ...project.configs, site: { name: "x_site", file: project.meta.workingDir } } };
    expect(captured(() => copiedFilesOf(folder, db)).message).toContain("is not a regular file");
    const undeclared = { ...project, secrets: { api_key: project.secrets["api_key"] as never } };
    expect(captured(() => copiedFilesOf(undeclared, db)).message).toBe('services.db.secrets[0]: secret "db_pw" is not declared');
    const external = { ...project, secrets: { ...project.secrets, db_pw: { name: "db_pw", external: true } } };
    expect(captured(() => copiedFilesOf(external, db)).message).toContain("external secrets need Docker Swarm");
    const named = { ...db, secrets: [{ source: "db_pw", uid: "postgres" }] };
    expect(captured(() => copiedFilesOf(project, named)).message).toBe('services.db.secrets[0].uid: "postgres" is not a numeric id');
    const badMode = { ...db, secrets: [{ source: "db_pw", mode: "rw" }] };
    expect(captured(() => copiedFilesOf(project, badMode)).message).toBe('services.db.secrets[0].mode: "rw" is not an octal file mode');
  });
});

describe("mountedFilesDigest", () => {
  it("changes with the content of a file, a variable or a target, and is absent without grants", () => {
    const project = load();
    const db = service(project, "db");
    const before = mountedFilesDigest(project, db);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(mountedFilesDigest(project, db)).toBe(before);
    writeFileSync(join(project.meta.workingDir, "db_password.txt"), "another-pw\n");
    const afterFile = mountedFilesDigest(project, db);
    expect(afterFile).not.toBe(before);
    const otherKey = { ...project, meta: { ...project.meta, environment: { ...project.meta.environment, API_KEY: "k-other" } } };
    expect(mountedFilesDigest(otherKey, db)).not.toBe(afterFile);
    const moved = { ...db, configs: [{ source: "site", target: "/etc/nginx/nginx.conf" }, { source: "motd", target: "/etc/motd" }] };
    expect(mountedFilesDigest(project, moved)).not.toBe(afterFile);
    expect(mountedFilesDigest(project, service(project, "web"))).toBeUndefined();
  });

  it("digests an unreadable source instead of throwing (the create step reports it)", () => {
    const project = load({});
    expect(mountedFilesDigest(project, service(project, "db"))).toMatch(/^[0-9a-f]{64}$/);
  });
});

function captured(run: () => unknown): MountedFileError {
  try {
    run();
  } catch (error) {
    if (error instanceof MountedFileError) return error;
    throw error;
  }
  throw new Error("expected a MountedFileError");
}

describe("configHashOf", () => {
  it("keeps the plain hash of a service without grants and changes with a granted file's content", () => {
    const project = load();
    const hash = configHashOf(project);
    expect(hash(service(project, "web"))).toBe(serviceConfigHash(service(project, "web")));
    const before = hash(service(project, "db"));
    expect(before).not.toBe(serviceConfigHash(service(project, "db")));
    expect(hash(service(project, "db"))).toBe(before);
    writeFileSync(join(project.meta.workingDir, "site.conf"), "server { listen 81; }\n");
    expect(configHashOf(project)(service(project, "db"))).not.toBe(before);
  });
});
