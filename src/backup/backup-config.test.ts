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
