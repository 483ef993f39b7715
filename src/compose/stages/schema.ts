import { createRequire } from "node:module";
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from "ajv";
import { ConfigError } from "../../common/errors.js";
import { isSecretName } from "../../common/redact.js";
import { formatPath, type TreePath } from "../tree-path.js";
import type { ParsedFile, Tree } from "./parse.js";

const require = createRequire(import.meta.url);
let validator: ValidateFunction | undefined;

/** The ajv options the precompiled validator was generated with (scripts/update-compose-schema.mjs). */
export const runtimeValidatorOptions = { allErrors: true, strict: false, allowUnionTypes: true } as const;

// Precompiled by scripts/update-compose-schema.mjs: compiling the schema takes ~1 s, loading
// the generated code ~40 ms. Compiles at run time only if the generated file is missing.
function composeValidator(): ValidateFunction {
  if (validator) return validator;
  try {
    validator = require("../schema/compose-spec.validate.cjs") as ValidateFunction;
  } catch {
    const schema = { ...(require("../schema/compose-spec.json") as Record<string, unknown>) };
    delete schema["$schema"];
    // ajv itself is only loaded here: the precompiled validator needs just its small runtime.
    const { Ajv } = require("ajv") as { Ajv: typeof AjvClass };
    validator = new Ajv(runtimeValidatorOptions).compile(schema);
  }
  return validator;
}

/** Validates one interpolated file against the official compose-spec JSON schema. */
export function validateSchema(parsed: ParsedFile, tree: Tree): void {
  const validate = composeValidator();
  if (validateGuarded(validate, parsed, tree)) return;
  const error = pickError(validate.errors ?? []);
  if (!error) return;
  const path = pointerToPath(error.instancePath);
  const keyPath = error.keyword === "additionalProperties" ? [...path, additionalKey(error)] : path;
  const location = parsed.sourceMap.locateNearest(keyPath) ?? { file: parsed.file, line: 1, column: 1 };
  const message = `validating ${parsed.file}: ${describeError(error, path)}${actualValue(tree, error, path)}`;
  throw new ConfigError("compose.schema", message, {
    location,
    hint: hintFor(error, path),
  });
}

/**
 * ajv's deep equality (uniqueItems) calls an object's own `toString`/`valueOf` when they differ
 * from Object's: a mapping with such a key (`toString: web` in a list item) threw a TypeError.
 * That key is then the error, located, as for `__proto__`.
 */
function validateGuarded(validate: ValidateFunction, parsed: ParsedFile, tree: Tree): boolean {
  try {
    return validate(tree);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    const path = shadowingKeyPath(tree);
    if (path === undefined) throw error;
    const key = String(path.at(-1));
    throw new ConfigError("compose.reserved-key", `the key "${key}" under ${path.slice(0, -1).join(".")} cannot be checked by berth`, {
      location: parsed.sourceMap.locateNearest(path) ?? { file: parsed.file, line: 1, column: 1 },
      hint: `rename or remove "${key}": compose defines no such key here, and JavaScript gives the name a meaning of its own`,
    });
  }
}

function shadowingKeyPath(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = shadowingKeyPath(item, [...path, index]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if ((key === "toString" || key === "valueOf") && typeof item !== "function") return [...path, key];
      const found = shadowingKeyPath(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

// The deepest error is the most specific; among equals, an unknown key beats a wrong type.
function pickError(errors: readonly ErrorObject[]): ErrorObject | undefined {
  const weight = (e: ErrorObject) => ({ additionalProperties: 3, enum: 2, type: 1 })[e.keyword] ?? 0;
  const useful = errors.filter((e) => !["oneOf", "anyOf", "if", "not", "false schema"].includes(e.keyword));
  const candidates = useful.length > 0 ? useful : errors;
  return [...candidates].sort((a, b) => depth(b) - depth(a) || weight(b) - weight(a))[0];
}

function depth(error: ErrorObject): number {
  return error.instancePath.split("/").length + (error.keyword === "additionalProperties" ? 1 : 0);
}

// Naming the value the user wrote makes a wrong enum or type obvious; never under a key whose
// name looks secret (`environment.DB_PASSWORD`, `secrets.api_token.*`).
function actualValue(tree: Tree, error: ErrorObject, path: TreePath): string {
  if (error.keyword !== "enum" && error.keyword !== "type") return "";
  if (path.some((key) => typeof key === "string" && isSecretName(key))) return "";
  let value: unknown = tree;
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[String(key)];
  return value === undefined || (typeof value === "object" && value !== null) ? "" : ` (found ${JSON.stringify(value)})`;
}

function pointerToPath(pointer: string): TreePath {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function additionalKey(error: ErrorObject): string {
  return String((error.params as { additionalProperty?: unknown }).additionalProperty ?? "");
}

function describeError(error: ErrorObject, path: TreePath): string {
  const where = path.length === 0 ? "" : `${formatPath(path)} `;
  switch (error.keyword) {
    case "additionalProperties":
      return path.length === 0
        ? `additional properties '${additionalKey(error)}' not allowed`
        : `${where}additional property '${additionalKey(error)}' is not allowed`;
    case "type":
      return `${formatPath(path)} must be a ${String((error.params as { type: unknown }).type).replace(",", " or ")}`;
    case "enum":
      return `${formatPath(path)} must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return `${where}${error.message ?? "is invalid"}`;
  }
}

function hintFor(error: ErrorObject, path: TreePath): string {
  if (error.keyword === "additionalProperties") {
    return `remove or rename '${additionalKey(error)}' (custom keys must start with "x-")`;
  }
  return `fix the value of ${formatPath(path) || "the file"} (see the compose specification)`;
}
