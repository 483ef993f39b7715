import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { CaseFiles } from "./run-case.js";
import type { Random } from "./random.js";

type Tree = { [key: string]: unknown };
type Mutator = (files: CaseFiles, random: Random) => CaseFiles | undefined;

// Values and keys that broke loaders before: wrong types, reserved JavaScript names, syntax
// characters, huge and odd numbers, references to themselves.
const values: readonly unknown[] = [
  null, "", 0, -1, 65536, 1e308, 0.5, true, false, "[", "]", "{", "${X", "${X:?}", "$${A}", "${A:-${B:-c}}", "a".repeat(2000),
  [], {}, [null], [[]], { a: { b: { c: {} } } }, "__proto__", "constructor", "toString", "80:80", "127.0.0.1:80:80/udp",
  "0-65535:80", "1.2.3.4:x:y", "../../etc/passwd", "/proc/self/mem", "\u0000", "🙂", "~", "NONE", ["CMD", "curl"], ["CMD-SHELL"],
  "nginx:1.22", "./missing", "5s", "-1s", "1h2m3s4ms", "tcp://x", "service:web", "container:x", "host", "none", ".", "*", "x:y:z:w",
];
const keys: readonly string[] = [
  "constructor", "toString", "hasOwnProperty", "valueOf", "__proto__", "x-berth", "extends", "include", "<<", "image", "build",
  "ports", "volumes", "depends_on", "healthcheck", "environment", "env_file", "secrets", "configs", "networks", "profiles",
  "deploy", "command", "entrypoint", "user", "restart", "expose", "labels", "network_mode", "pull_policy", "scale", "links",
  "volumes_from", "extra_hosts", "tmpfs", "init", "stop_grace_period", "develop", "post_start", "models", "name", "check",
  "disable", "severity", "target", "source", "type", "file", "service", "path", "project_directory", "condition",
];
const yamlTokens: readonly string[] = [
  "[", "]", "{", "}", ":", ": ", "- ", "&a ", "*a", "<<: *a", "!reset ", "!override ", "${", "}", "\t", "#", "'", '"', "\\",
  "\n", "---\n", "? ", "|", ">", "&a [*a]", "!!binary ", "%YAML 1.1\n", "\u00a0", "\r\n", " ".repeat(40),
];
const sideTokens: Readonly<Record<string, readonly string[]>> = {
  dockerfile: ["[", "COPY [a-( ./\n", "COPY src/**/[ ./\n", "FROM\n", "FROM scratch AS x\n", "ARG\n", "#!/usr/bin/env (\n", "\\\n", "ENTRYPOINT [\"/x.sh\"]\n", "USER\n", "HEALTHCHECK CMD\n", "EXPOSE -1\n", "COPY --from=x / /\n", "${", "RUN <<EOF\n"],
  ignore: ["[", "[z-a]", "!", "**", "\\", "!*", "../", "/", "*/[", "#", "a[b"],
  nginx: ["{", "}", ";", "server {", "location ~ ( {", "include *.conf;", "include [;", "proxy_pass http://x:99999;", "upstream x {", "listen -1;", "\"", "'", "\\", "if ($x) {", "map $a $b {"],
  env: ["=", "A", "A=${A}", "A=${B:?x}", "export ", "'", '"', "A=\"unterminated", "\\", "#", "A B=1", "=x"],
};

/** Applies one to three random mutations, each to the compose file or a file beside it. */
export function mutate(seed: CaseFiles, random: Random): CaseFiles {
  let files = seed;
  const rounds = 1 + random.int(3);
  for (let round = 0; round < rounds; round++) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const next = random.pick(mutators)(files, random);
      if (next !== undefined) {
        files = next;
        break;
      }
    }
  }
  return files;
}

const structural = (change: (tree: Tree, random: Random) => boolean): Mutator => (files, random) => {
  const text = files["compose.yaml"];
  if (text === undefined) return undefined;
  let tree: unknown;
  try {
    tree = parseYaml(text, { maxAliasCount: 1000, uniqueKeys: false, logLevel: "silent" });
  } catch {
    return undefined;
  }
  if (!isTree(tree)) return undefined;
  if (!change(tree, random)) return undefined;
  // Copying a subtree into itself round after round nests without end: past what yaml can
  // print (or 512 KB), the mutation is dropped.
  let output: string;
  try {
    output = stringifyYaml(tree, { aliasDuplicateObjects: false });
  } catch {
    return undefined;
  }
  return output.length > 512 * 1024 ? undefined : { ...files, "compose.yaml": output };
};

const textual = (pick: (files: CaseFiles, random: Random) => string | undefined, change: (text: string, random: Random, path: string) => string): Mutator => (files, random) => {
  const path = pick(files, random);
  if (path === undefined) return undefined;
  return { ...files, [path]: change(files[path] ?? "", random, path) };
};

const composeFile = (files: CaseFiles) => ("compose.yaml" in files ? "compose.yaml" : undefined);
const anyFile = (files: CaseFiles, random: Random) => random.pick(Object.keys(files));

const mutators: readonly Mutator[] = [
  structural(replaceValue),
  structural(replaceValue),
  structural(deleteKey),
  structural(renameKey),
  structural(insertKey),
  structural(copySubtree),
  structural(wrapOrUnwrap),
  structural(addReference),
  textual(composeFile, (text, random) => editLines(text, random)),
  textual(composeFile, (text, random) => insertToken(text, random, yamlTokens)),
  textual(anyFile, (text, random, path) => insertToken(text, random, tokensFor(path))),
  textual(anyFile, (text, random) => editLines(text, random)),
  textual(composeFile, (text, random) => repeatBlock(text, random)),
  (files, random) => addSideFile(files, random),
];

function tokensFor(path: string): readonly string[] {
  if (/Dockerfile/i.test(path)) return sideTokens["dockerfile"]!;
  if (/ignore$/.test(path)) return sideTokens["ignore"]!;
  if (/\.(conf|template)$/.test(path)) return sideTokens["nginx"]!;
  if (/env/.test(path)) return sideTokens["env"]!;
  return yamlTokens;
}

/** Every path to a value inside the tree (maps and lists), the root excluded. */
function paths(tree: unknown, prefix: readonly (string | number)[] = [], out: (string | number)[][] = [], depth = 0): (string | number)[][] {
  if (depth > 12 || out.length > 2000) return out;
  if (Array.isArray(tree)) tree.forEach((item, index) => { out.push([...prefix, index]); paths(item, [...prefix, index], out, depth + 1); });
  else if (isTree(tree)) for (const key of Object.keys(tree)) { out.push([...prefix, key]); paths(tree[key], [...prefix, key], out, depth + 1); }
  return out;
}

function parentOf(tree: Tree, path: readonly (string | number)[]): { parent: Tree | unknown[]; key: string | number } | undefined {
  let node: unknown = tree;
  for (const key of path.slice(0, -1)) node = (node as Tree)[key as string];
  const key = path.at(-1);
  if (key === undefined || node === null || typeof node !== "object") return undefined;
  return { parent: node as Tree, key };
}

function replaceValue(tree: Tree, random: Random): boolean {
  const at = parentOf(tree, random.pick(paths(tree).concat([["services"]])));
  if (!at) return false;
  (at.parent as Tree)[at.key as string] = structuredClone(random.pick(values));
  return true;
}

function deleteKey(tree: Tree, random: Random): boolean {
  const all = paths(tree);
  if (all.length === 0) return false;
  const at = parentOf(tree, random.pick(all));
  if (!at) return false;
  if (Array.isArray(at.parent)) at.parent.splice(at.key as number, 1);
  else delete (at.parent as Tree)[at.key as string];
  return true;
}

function renameKey(tree: Tree, random: Random): boolean {
  const maps = paths(tree).filter((path) => typeof path.at(-1) === "string");
  if (maps.length === 0) return false;
  const at = parentOf(tree, random.pick(maps));
  if (!at || Array.isArray(at.parent)) return false;
  const parent = at.parent as Tree;
  const value = parent[at.key as string];
  delete parent[at.key as string];
  Object.defineProperty(parent, random.chance(0.3) ? random.pick(keys) : random.pick(Object.keys(tree).concat(keys)), { value, enumerable: true, writable: true, configurable: true });
  return true;
}

function insertKey(tree: Tree, random: Random): boolean {
  const maps = [[] as (string | number)[], ...paths(tree)].filter((path) => isTree(valueAt(tree, path)));
  const target = valueAt(tree, random.pick(maps)) as Tree;
  Object.defineProperty(target, random.pick(keys), { value: structuredClone(random.pick(values)), enumerable: true, writable: true, configurable: true });
  return true;
}

function copySubtree(tree: Tree, random: Random): boolean {
  const all = paths(tree);
  if (all.length < 2) return false;
  const source = structuredClone(valueAt(tree, random.pick(all)));
  const at = parentOf(tree, random.pick(all));
  if (!at) return false;
  (at.parent as Tree)[at.key as string] = source;
  return true;
}

function wrapOrUnwrap(tree: Tree, random: Random): boolean {
  const at = parentOf(tree, random.pick(paths(tree).concat([["services"]])));
  if (!at) return false;
  const value = (at.parent as Tree)[at.key as string];
  (at.parent as Tree)[at.key as string] = Array.isArray(value) ? value[0] : isTree(value) ? Object.values(value)[0] ?? null : [value];
  return true;
}

/** extends and include, including references to the file itself and to services that do not exist. */
function addReference(tree: Tree, random: Random): boolean {
  const services = isTree(tree["services"]) ? tree["services"] : undefined;
  const names = services ? Object.keys(services) : [];
  if (random.chance(0.4) || !services || names.length === 0) {
    const entry = random.pick<unknown>(["compose.yaml", "./compose.yaml", { path: "compose.yaml" }, "missing.yaml", { path: ["compose.yaml"], project_directory: ".." }]);
    tree["include"] = [entry];
    return true;
  }
  const service = services[random.pick(names)];
  if (!isTree(service)) return false;
  const base = random.chance(0.8) ? random.pick(names) : "nosuch";
  service["extends"] = random.pick<unknown>([base, { service: base }, { file: "compose.yaml", service: base }, { file: "./compose.yaml", service: base }, { file: "missing.yaml", service: base }]);
  return true;
}

function editLines(text: string, random: Random): string {
  const lines = text.split("\n");
  if (lines.length === 0) return text;
  const index = random.int(lines.length);
  switch (random.int(5)) {
    case 0:
      lines.splice(index, 1);
      break;
    case 1:
      lines.splice(index, 0, lines[index] ?? "");
      break;
    case 2: {
      const other = random.int(lines.length);
      [lines[index], lines[other]] = [lines[other] ?? "", lines[index] ?? ""];
      break;
    }
    case 3:
      lines[index] = random.chance(0.5) ? `  ${lines[index]}` : (lines[index] ?? "").replace(/^ {1,2}/, "");
      break;
    default:
      return text.slice(0, random.int(text.length + 1));
  }
  return lines.join("\n");
}

function insertToken(text: string, random: Random, tokens: readonly string[]): string {
  const at = random.int(text.length + 1);
  return `${text.slice(0, at)}${random.pick(tokens)}${text.slice(at)}`;
}

/** A block of lines repeated: big files, deep nesting, many duplicates, bounded at ~256 KB. */
function repeatBlock(text: string, random: Random): string {
  const lines = text.split("\n");
  const start = random.int(lines.length);
  const block = lines.slice(start, start + 1 + random.int(5)).join("\n");
  const times = Math.min(1 + random.int(2000), Math.floor(256 * 1024 / Math.max(block.length + 1, 1)));
  return [...lines.slice(0, start), ...Array.from({ length: times }, () => block), ...lines.slice(start)].join("\n");
}

function addSideFile(files: CaseFiles, random: Random): CaseFiles {
  const name = random.pick([".dockerignore", "Dockerfile", "nginx.conf", ".env", "other.yaml"]);
  const kind = name === ".dockerignore" ? "ignore" : name === "Dockerfile" ? "dockerfile" : name === "nginx.conf" ? "nginx" : name === ".env" ? "env" : undefined;
  const tokens = kind ? sideTokens[kind]! : yamlTokens;
  const text = Array.from({ length: 1 + random.int(6) }, () => random.pick(tokens)).join(random.chance(0.5) ? "\n" : "");
  return { ...files, [name]: `${files[name] ?? ""}${text}\n` };
}

function valueAt(tree: Tree, path: readonly (string | number)[]): unknown {
  let node: unknown = tree;
  for (const key of path) node = node !== null && typeof node === "object" ? (node as Tree)[key as string] : undefined;
  return node;
}

function isTree(value: unknown): value is Tree {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
