import ts from "typescript";

// Finds, in a test file's syntax tree, what changes state the whole process shares, so that the
// file must not share a module graph with the next one (e2e/support/unit-projects.ts). Only code
// counts: the same words in a comment or a string are no state.

/** vi.* calls whose effect outlives the file: a mocked module stays mocked for later importers. */
const VI_CALLS = new Set([
  "mock",
  "doMock",
  "unmock",
  "doUnmock",
  "stubGlobal",
  "stubEnv",
  "spyOn",
  "useFakeTimers",
  "resetModules",
]);
/** process.* calls that add listeners or change process-wide settings. */
const PROCESS_CALLS = new Set([
  "on",
  "once",
  "off",
  "addListener",
  "prependListener",
  "removeListener",
  "removeAllListeners",
  "chdir",
  "umask",
  "setMaxListeners",
]);
/** Assigned or deleted, these are the next file's too. */
const SHARED_TARGETS = /^(process\.env\b|process\.exitCode$|globalThis\.)|^globalThis\[/;

const ASSIGNMENTS = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.MinusEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

/** `a.b.c` for a property access chain (element accesses as `a[...]`), else undefined. */
function dotted(node: ts.Node, source: ts.SourceFile): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) {
    const left = dotted(node.expression, source);
    return left === undefined ? undefined : `${left}.${node.name.text}`;
  }
  if (ts.isElementAccessExpression(node)) {
    const left = dotted(node.expression, source);
    return left === undefined ? undefined : `${left}[${node.argumentExpression.getText(source)}]`;
  }
  return undefined;
}

function describeCall(node: ts.CallExpression, source: ts.SourceFile): string | undefined {
  const callee = dotted(node.expression, source);
  if (callee === undefined) return undefined;
  const [object, method, ...rest] = callee.split(".");
  if (rest.length === 0 && object === "vi" && method !== undefined && VI_CALLS.has(method)) return callee;
  if (rest.length === 0 && object === "process" && method !== undefined && PROCESS_CALLS.has(method))
    return callee;
  const first = node.arguments[0];
  if (
    callee === "Object.defineProperty" &&
    first !== undefined &&
    ts.isIdentifier(first) &&
    (first.text === "process" || first.text === "globalThis")
  )
    return `${callee}(${first.text})`;
  return undefined;
}

function describeWrite(node: ts.Node, source: ts.SourceFile): string | undefined {
  const target =
    ts.isBinaryExpression(node) && ASSIGNMENTS.has(node.operatorToken.kind)
      ? node.left
      : ts.isDeleteExpression(node)
        ? node.expression
        : undefined;
  const name = target === undefined ? undefined : dotted(target, source);
  return name !== undefined && SHARED_TARGETS.test(name)
    ? `${ts.isDeleteExpression(node) ? "delete " : ""}${name} =`
    : undefined;
}

/** Each place in `text` that changes process-wide state, as "line: what" (empty: none). */
export function sharedStateIn(text: string, fileName = "test.ts"): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const what = ts.isCallExpression(node) ? describeCall(node, source) : describeWrite(node, source);
    if (what !== undefined)
      found.push(`${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: ${what}`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
