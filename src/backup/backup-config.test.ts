import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import { readProjectBackupConfig, readServiceBackupConfig } from "./backup-config.js";

describe("readProjectBackupConfig", () => {
  it("defaults: no dir, no retention, no compression, no backup before migrations", () => {
    expect(readProjectBackupConfig(loadInline("services: {}\n"))).toEqual({ compress: false, beforeMigrate: false });
  });

  it("reads dir (relative to the project), retention, compress and before_migrate", () => {
    const project = loadInline("x-berth:\n  backup: { dir: ./bk, retention: 5, compress: true, before_migrate: true }\nservices: {}\n");
    expect(readProjectBackupConfig(project)).toEqual({ dir: `${project.meta.workingDir}/bk`, retention: 5, compress: true, beforeMigrate: true });
  });

  it("locates a wrong retention at its key", () => {
    const project = loadInline("services: {}\nx-berth:\n  backup:\n    retention: 0\n");
    expect(() => readProjectBackupConfig(project)).toThrow(/x-berth\.backup\.retention: retention must be a whole number of at least 1/);
    try {
      readProjectBackupConfig(project);
    } catch (error) {
      expect((error as { location?: { line: number } }).location?.line).toBe(4);
    }
  });
});

describe("readServiceBackupConfig", () => {
  const service = (yaml: string) => {
    const project = loadInline(`services:\n  app:\n    image: debian:bookworm-slim\n    x-berth:\n      backup: ${yaml}\n`);
    return () => readServiceBackupConfig(project, project.services["app"]!);
  };

  it("a string snapshot command runs through sh -c", () => {
    expect(service(`{ driver: volume, snapshot_command: "sync" }`)()).toEqual({ driver: "volume", consistency: "stop", snapshotCommand: ["sh", "-c", "sync"] });
  });

  it("reads a postgres compression level and refuses one out of range", () => {
    expect(service("{ compression_level: 1 }")()).toEqual({ consistency: "stop", compressionLevel: 1 });
    expect(service("{ compression_level: 12 }")).toThrow(/compression_level must be a whole number from 0 \(none\) to 9/);
  });

  it("refuses an unknown driver and an unknown consistency", () => {
    expect(service("{ driver: mysql }")).toThrow(/driver must be postgres, redis, volume or none, got "mysql"/);
    expect(service("{ consistency: pause }")).toThrow(/consistency must be stop or none/);
  });
});

describe("x-berth.backup mistakes, each located with the key's path", () => {
  const located = (message: string, line: number) => expect.objectContaining({ name: "ConfigError", code: "backup.config", message, location: expect.objectContaining({ line }), hint: "see `berth backup --help` for the x-berth.backup keys" });

  it.each([
    ["backup: ./dir", "x-berth.backup: x-berth.backup must be a mapping", 2],
    ["backup: { dir: '' }", "x-berth.backup.dir: dir must be a non-empty string", 2],
    ["backup: { compress: maybe }", "x-berth.backup.compress: compress must be true or false", 2],
    ["backup: { retention: many }", "x-berth.backup.retention: retention must be a whole number of at least 1", 2],
  ])("project %s", (yaml, message, line) => {
    expect(() => readProjectBackupConfig(loadInline(`x-berth:\n  ${yaml}\nservices: {}\n`))).toThrow(located(message, line));
  });

  it("reads string forms of booleans and counts as YAML gives them from quoted values", () => {
    expect(readProjectBackupConfig(loadInline(`x-berth:\n  backup: { compress: "true", retention: "3", dir: /srv/bk }\nservices: {}\n`))).toEqual({ dir: "/srv/bk", retention: 3, compress: true, beforeMigrate: false });
  });

  it.each([
    ["x-berth: [backup]", "services.app.x-berth: x-berth must be a mapping", 4],
    ["x-berth: { backup: { snapshot_command: [] } }", "services.app.x-berth.backup.snapshot_command: snapshot_command must be a string (run by sh -c) or a list of words", 4],
    ["x-berth: { backup: { user: 5 } }", "services.app.x-berth.backup.user: user must be a non-empty string", 4],
  ])("service %s", (yaml, message, line) => {
    const project = loadInline(`services:\n  app:\n    image: postgres:15\n    ${yaml}\n`);
    expect(() => readServiceBackupConfig(project, project.services["app"]!)).toThrow(located(message, line));
  });

  it("takes a list snapshot command as words, and a disabled driver as none", () => {
    const project = loadInline(`services:\n  app:\n    image: postgres:15\n    x-berth: { backup: { driver: none, consistency: none, snapshot_command: [redis-cli, SAVE], database: shop, user: owner } }\n`);
    expect(readServiceBackupConfig(project, project.services["app"]!)).toEqual({ driver: "none", consistency: "none", snapshotCommand: ["redis-cli", "SAVE"], database: "shop", user: "owner" });
  });
});
