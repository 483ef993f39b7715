import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { loadProject } from "../load.js";
import type { LoadOptions } from "../model/load-options.js";
import type { Project } from "../model/project.js";

/** A scratch project folder holding the given files (path → text), for loader tests. */
export function writeProject(files: Readonly<Record<string, string>>, folderName = "proj"): string {
  const dir = join(mkdtempSync(join(tmpdir(), "berth-compose-")), folderName);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Loads inline compose YAML (compose-go loader test style): `compose.yaml` plus any extra files. */
export function loadInline(yaml: string, options: Partial<LoadOptions> & { extraFiles?: Record<string, string> } = {}): Project {
  const { extraFiles = {}, ...rest } = options;
  const dir = writeProject({ "compose.yaml": yaml, ...extraFiles });
  return loadProject({ files: [], profiles: [], envFiles: [], environment: { HOME: "/home/tester" }, cwd: dir, ...rest });
}
