// Copies the non-TypeScript files the compiled CLI reads at run time (JSON schemas, templates).
import { cpSync, existsSync, readdirSync, statSync } from "node:fs";
import { dirname, extname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const assetExtensions = new Set([".json", ".cjs", ".html", ".css", ".sql", ".md", ".txt"]);
// Browser scripts are served as they are (berth serve's dashboard): tsc does not touch them.
const isBrowserScript = (file) => extname(file) === ".js" && file.includes(`${join("", "public")}/`);

function* walk(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

const source = join(root, "src");
for (const file of walk(source)) {
  if (!(assetExtensions.has(extname(file)) || isBrowserScript(file)) || file.includes(`${join("", "testdata")}`)) continue;
  const target = join(root, "dist", relative(source, file));
  if (!existsSync(dirname(target)) || statSync(file).mtimeMs > (existsSync(target) ? statSync(target).mtimeMs : 0)) {
    cpSync(file, target);
  }
}
