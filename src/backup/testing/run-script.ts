import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Runs a helper script with the local sh (dash here, as in Debian images), its values as environment. */
export function runScript(script: string, env: readonly string[]): { code: number; stdout: string; stderr: string } {
  const vars = Object.fromEntries(env.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
  const result = spawnSync("/bin/sh", ["-c", script], { env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", ...vars }, encoding: "utf8" });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under a folder with its content's sha256, for comparing trees. */
export function treeOf(root: string, prefix = ""): Record<string, string> {
  const tree: Record<string, string> = {};
  for (const name of readdirSync(join(root, prefix)).sort()) {
    const relative = join(prefix, name);
    if (statSync(join(root, relative)).isDirectory()) Object.assign(tree, treeOf(root, relative));
    else tree[relative] = createHash("sha256").update(readFileSync(join(root, relative))).digest("hex");
  }
  return tree;
}

export function sha256Of(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}
