import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** One project to fuzz: its files by path relative to the project folder. */
export interface Seed {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
}

const composeNames = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];
// What config and check read beside the compose file; bigger files are left out.
const sideFile = /^(Dockerfile.*|.*\.dockerignore|\.dockerignore|\.env.*|.*\.env|.*\.conf|.*\.template|.*\.ya?ml|.*\.sh|package\.json)$/;
const maxSideBytes = 64 * 1024;
const maxDepth = 3;

/**
 * Seeds from every project folder under the roots that exist: a folder with a compose file
 * brings it and the small files config and check read (Dockerfiles, ignore files, env files,
 * nginx configs), up to three levels below it.
 */
export function loadSeeds(roots: readonly string[]): Seed[] {
  const seeds: Seed[] = [];
  for (const root of roots) if (existsSync(root)) collect(root, root, seeds, 0);
  return seeds.sort((a, b) => a.name.localeCompare(b.name));
}

function collect(root: string, dir: string, seeds: Seed[], depth: number): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const compose = composeNames.find((name) => names.includes(name));
  if (compose) {
    const files: Record<string, string> = {};
    gather(dir, dir, files, 0);
    seeds.push({ name: relative(root, dir) || root, files: withComposeAs(files, compose) });
  }
  if (depth >= 4) return;
  for (const name of names) {
    if (name === "node_modules" || name.startsWith(".git")) continue;
    const path = join(dir, name);
    if (isDirectory(path)) collect(root, path, seeds, depth + 1);
  }
}

function gather(base: string, dir: string, files: Record<string, string>, depth: number): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === "node_modules" || name.startsWith(".git")) continue;
    if (isDirectory(path)) {
      if (depth < maxDepth) gather(base, path, files, depth + 1);
    } else if (sideFile.test(name) && statSync(path).size <= maxSideBytes) {
      files[relative(base, path)] = readFileSync(path, "utf8");
    }
  }
}

// The main file is always compose.yaml in a case, so the harness runs the same command line.
function withComposeAs(files: Record<string, string>, compose: string): Record<string, string> {
  if (compose === "compose.yaml") return files;
  const { [compose]: text, ...rest } = files;
  return { ...rest, "compose.yaml": text ?? "" };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
