import { dirname, posix } from "node:path";
import ts from "typescript";

/** One import of one file: where it points and how (a type-only import counts as much as a value one). */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: "value" | "type" | "dynamic";
}

/** The folders of `src/` and, for each pair, the file imports that make one depend on the other. */
export interface FolderGraph {
  readonly folders: readonly string[];
  /** `deploy -> rollout` to the imports behind it. */
  readonly edges: ReadonlyMap<string, readonly ImportEdge[]>;
}

/**
 * Every relative import of a TypeScript file, from its syntax tree: `import`/`export ... from`
 * (type-only ones included), dynamic `import()`, and `import("x").T` in types. Paths are resolved
 * against the file's own path and keep their `.js` ending (ESM imports name the emitted file).
 */
export function importsOf(path: string, text: string): ImportEdge[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const add = (specifier: ts.Node | undefined, kind: ImportEdge["kind"]) => {
    if (specifier === undefined || !ts.isStringLiteralLike(specifier) || !specifier.text.startsWith(".")) return;
    edges.push({ from: path, to: posix.join(dirname(path), specifier.text), kind });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, node.importClause?.isTypeOnly ? "type" : "value");
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, node.isTypeOnly ? "type" : "value");
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], "dynamic");
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal, "type");
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** The top folder of a path under `root` (`src/deploy/gates/x.ts` -> `deploy`), or undefined outside it. */
export function folderOf(root: string, path: string): string | undefined {
  const relative = posix.relative(root, path);
  if (relative.startsWith("..") || !relative.includes("/")) return undefined;
  return relative.split("/")[0];
}

/** Builds the folder graph of the files under `root` (paths to their text). */
export function folderGraph(root: string, files: ReadonlyMap<string, string>): FolderGraph {
  const edges = new Map<string, ImportEdge[]>();
  const folders = new Set<string>();
  for (const [path, text] of files) {
    const from = folderOf(root, path);
    if (from === undefined) continue;
    folders.add(from);
    for (const edge of importsOf(path, text)) {
      const to = folderOf(root, edge.to);
      if (to === undefined || to === from) continue;
      const key = `${from} -> ${to}`;
      edges.set(key, [...(edges.get(key) ?? []), edge]);
    }
  }
  return { folders: [...folders].sort(), edges };
}

/** The folders each folder depends on. */
function successors(graph: FolderGraph): Map<string, string[]> {
  const next = new Map<string, string[]>(graph.folders.map((folder) => [folder, []]));
  for (const key of graph.edges.keys()) {
    const [from, to] = key.split(" -> ") as [string, string];
    next.set(from, [...(next.get(from) ?? []), to]);
  }
  return next;
}

/**
 * The cycles between folders: one per strongly connected group of two or more folders, as the
 * shortest path around it from its first folder (`deploy -> rollout -> deploy`).
 */
export function folderCycles(graph: FolderGraph): string[][] {
  const next = successors(graph);
  return stronglyConnected(graph.folders, next)
    .filter((group) => group.length > 1)
    .map((group) => shortestCycle(group.sort()[0] as string, new Set(group), next));
}

// Tarjan's algorithm, iterative enough for a graph of a few dozen folders.
function stronglyConnected(nodes: readonly string[], next: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) as number, low.get(to) as number));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node) as number, index.get(to) as number));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      group.push(member);
      if (member === node) break;
    }
    groups.push(group);
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return groups;
}

/** Breadth-first from `start` back to itself, inside one group. */
function shortestCycle(start: string, group: ReadonlySet<string>, next: ReadonlyMap<string, readonly string[]>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const to of next.get(node) ?? []) {
      if (!group.has(to)) continue;
      if (to === start) return [...pathTo(node, start, cameFrom), start];
      if (cameFrom.has(to)) continue;
      cameFrom.set(to, node);
      queue.push(to);
    }
  }
  return [start];
}

function pathTo(node: string, start: string, cameFrom: ReadonlyMap<string, string>): string[] {
  const path = [node];
  while (path[0] !== start) path.unshift(cameFrom.get(path[0] as string) as string);
  return path;
}

/** A cycle in words, with the imports behind each step, for a failing test to show. */
export function describeCycle(cycle: readonly string[], graph: FolderGraph): string {
  const steps = cycle.slice(0, -1).map((from, i) => {
    const to = cycle[i + 1] as string;
    const files = (graph.edges.get(`${from} -> ${to}`) ?? []).map((edge) => `${edge.from} imports ${edge.to}${edge.kind === "value" ? "" : ` (${edge.kind})`}`);
    return `  ${from} -> ${to}: ${files.join("; ")}`;
  });
  return [`folder cycle ${cycle.join(" -> ")}`, ...steps].join("\n");
}
