import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BerthError } from "../src/common/errors.js";
import { loadProject } from "../src/compose/load.js";
import { toComposeJson } from "../src/compose/output/to-compose-json.js";
import { sharedDir } from "./support/shared-dir.js";

const corpus = process.env["BERTH_AWESOME_COMPOSE_DIR"] ?? sharedDir("corpus", "awesome-compose") ?? "";

function composeFiles(): string[] {
  if (!existsSync(corpus)) return [];
  return readdirSync(corpus)
    .filter((name) => statSync(join(corpus, name)).isDirectory())
    .flatMap((name) => readdirSync(join(corpus, name)).filter((file) => /^(docker-)?compose\.ya?ml$/.test(file)).map((file) => join(corpus, name, file)));
}

const files = composeFiles();

// Every real-world file must load, or fail with an error that names its file and position.
describe.skipIf(files.length === 0)("awesome-compose corpus", () => {
  it.each(files)("%s loads", (file) => {
    const dir = join(file, "..");
    try {
      const project = loadProject({ files: [file], profiles: [], envFiles: [], environment: { HOME: "/home/corpus" }, cwd: dir });
      expect(Object.keys(project.services).length).toBeGreaterThan(0);
      expect(JSON.parse(JSON.stringify(toComposeJson(project)))).toHaveProperty("name", project.name);
    } catch (error) {
      expect(error).toBeInstanceOf(BerthError);
      expect((error as BerthError).location?.file).toBe(file);
    }
  });

  it("loads all of them without error", () => {
    const failures = files.filter((file) => {
      try {
        loadProject({ files: [file], profiles: [], envFiles: [], environment: { HOME: "/home/corpus" }, cwd: join(file, "..") });
        return false;
      } catch {
        return true;
      }
    });
    console.log(`awesome-compose: ${files.length - failures.length} of ${files.length} files load`);
    expect(failures).toEqual([]);
  });
});
