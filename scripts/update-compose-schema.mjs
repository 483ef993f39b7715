// Refreshes src/compose/schema/compose-spec.json from the installed dclint package, which ships
// the official compose-spec schema. Usage: node scripts/update-compose-schema.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const dclintDir = dirname(require.resolve("dclint/package.json"));
const { version } = JSON.parse(readFileSync(join(dclintDir, "package.json"), "utf8"));
const source = join(dclintDir, "schemas", "compose.schema.json");
const target = join(root, "src", "compose", "schema", "compose-spec.json");

const fresh = readFileSync(source, "utf8");
JSON.parse(fresh); // refuse to vendor a file that is not JSON
const current = readFileSync(target, "utf8");
if (fresh === current) {
  console.log(`compose-spec.json is up to date (dclint ${version})`);
} else {
  writeFileSync(target, fresh);
  console.log(`compose-spec.json updated from dclint ${version}; update the version in src/compose/schema/README.md`);
}
