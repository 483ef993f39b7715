import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import { backupSettings, storageOf } from "./backup-settings.js";

describe("backupSettings", () => {
  const project = loadInline("x-berth:\n  backup: { dir: ./bk, retention: 5, before_migrate: true }\nservices: {}\n");

  it("lets flags win over x-berth.backup", () => {
    const settings = backupSettings(project, {}, { cwd: "/tmp", dir: "elsewhere", retention: 2, compress: true });
    expect(settings).toMatchObject({ dir: "/tmp/elsewhere", retention: 2, compress: true, beforeMigrate: true });
  });

  it("hands a backup run only where and how to store (not before_migrate)", () => {
    const storage = storageOf(backupSettings(project, {}, { cwd: "/tmp" }));
    expect(storage).toMatchObject({ dir: `${project.meta.workingDir}/bk`, retention: 5, compress: false });
    expect(storage).not.toHaveProperty("beforeMigrate");
  });
});
