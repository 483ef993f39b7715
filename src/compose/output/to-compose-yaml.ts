import { stringify } from "yaml";
import type { Project } from "../model/project.js";
import { toComposeJson } from "./to-compose-json.js";

/**
 * The same content as toComposeJson, as YAML (docker compose's default `config` format).
 * Strings a YAML 1.1 reader would take for booleans or dates (`no`, `on`, `2024-01-01`) are
 * quoted, as go-yaml does, so that any tool reads the output back unchanged.
 */
export function toComposeYaml(project: Project): string {
  return stringify(toComposeJson(project), { lineWidth: 0, aliasDuplicateObjects: false, nullStr: "null", version: "1.1" });
}
