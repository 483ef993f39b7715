import { posix } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import type { Project } from "../../compose/model/project.js";
import { parseDotenv } from "../sources/dotenv.js";
import { normalizeService } from "./normalize-service.js";
import { yamlSourceMap } from "./yaml-source-map.js";

export const testProjectDir = "/project";

type Raw = Record<string, unknown>;

/**
 * Builds a Project from compose YAML the way rule tests need it: `${VAR}` interpolated from the
 * given `.env` text, short syntax expanded, and a SourceMap with real positions.
 */
export function buildTestProject(composeYaml: string, dotenv = "", composeFile = "compose.yaml"): Project {
  const environment = Object.fromEntries(parseDotenv(".env", dotenv).entries.map((entry) => [entry.key, entry.value]));
  const lines = new LineCounter();
  const document = parseDocument(interpolate(composeYaml, environment), { lineCounter: lines });
  const raw = (document.toJS() ?? {}) as Raw;
  const file = posix.join(testProjectDir, composeFile);
  const section = (key: string) => Object.fromEntries(Object.entries((raw[key] ?? {}) as Raw).map(([name, value]) => [name, { name, ...((value ?? {}) as Raw) }]));
  return {
    name: "test",
    services: Object.fromEntries(Object.entries((raw["services"] ?? {}) as Record<string, Raw>).map(([name, value]) => [name, normalizeService(name, value ?? {})])),
    networks: section("networks"),
    volumes: section("volumes"),
    secrets: section("secrets"),
    configs: section("configs"),
    extensions: Object.fromEntries(Object.entries(raw).filter(([key]) => key.startsWith("x-"))),
    meta: {
      workingDir: testProjectDir,
      composeFiles: [file],
      envFiles: dotenv === "" ? [] : [posix.join(testProjectDir, ".env")],
      environment,
      activeProfiles: [],
      disabledServices: {},
      sourceMap: yamlSourceMap(file, document, lines),
      warnings: [],
    },
  };
}

// Mirrors compose's line-preserving interpolation for the forms tests use: $$, ${V}, ${V:-d}, ${V-d}, ${V:?e}.
function interpolate(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (match, name: string | undefined, op: string | undefined, arg: string | undefined) => {
    if (match === "$$") return "$$";
    const value = env[name ?? ""];
    const unset = value === undefined || (op?.startsWith(":") === true && value === "");
    return unset && op?.endsWith("-") ? (arg ?? "") : (value ?? "");
  });
}
