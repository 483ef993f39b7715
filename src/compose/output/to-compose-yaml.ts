import { stringify } from "yaml";
import type { Project } from "../model/project.js";
import { toComposeJson } from "./to-compose-json.js";

/** The same content as toComposeJson, as YAML (docker compose's default `config` format). */
export function toComposeYaml(project: Project): string {
  return stringify(toComposeJson(project), { lineWidth: 0, aliasDuplicateObjects: false, nullStr: "null" });
}
