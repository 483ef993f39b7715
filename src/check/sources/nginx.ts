import type { Location } from "../finding.js";
import { tokenizeNginx, type NginxToken } from "./nginx-tokens.js";

/** One nginx directive with its arguments and, for block directives, its children. */
export interface NginxDirective {
  readonly name: string;
  readonly args: readonly string[];
  readonly at: Location;
  readonly block: NginxDirective[] | undefined;
}

export interface NginxParseError {
  readonly at: Location;
  readonly message: string;
}

export interface NginxFile {
  readonly path: string;
  readonly directives: NginxDirective[];
  readonly errors: readonly NginxParseError[];
}

/**
 * Blocks nested deeper than this end the parse with an error. Real configs nest a handful of
 * levels (http, server, location, location, if); thousands of unclosed `{` made every recursive
 * walk over the tree overflow the stack.
 */
export const maxNginxDepth = 32;

interface ParseState {
  index: number;
  depth: number;
}

/** Parses one nginx config file into a directive tree; syntax errors are returned, not thrown. */
export function parseNginx(path: string, text: string): NginxFile {
  const tokens = tokenizeNginx(text);
  const errors: NginxParseError[] = [];
  const state: ParseState = { index: 0, depth: 0 };
  const directives = parseBlock(path, tokens, state, errors, true);
  return { path, directives, errors };
}

function parseBlock(path: string, tokens: NginxToken[], state: ParseState, errors: NginxParseError[], top: boolean): NginxDirective[] {
  const directives: NginxDirective[] = [];
  if (state.depth > maxNginxDepth) {
    errors.push({ at: at(path, tokens[state.index - 1]), message: `blocks nested more than ${maxNginxDepth} levels deep (an unclosed "{" repeated?); the rest of the file is not read` });
    state.index = tokens.length;
    return directives;
  }
  while (state.index < tokens.length) {
    const token = tokens[state.index]!;
    if (isPunct(token, "}")) {
      state.index++;
      if (top) errors.push({ at: at(path, token), message: 'unexpected "}"' });
      else return directives;
      continue;
    }
    const directive = parseDirective(path, tokens, state, errors);
    if (directive) directives.push(directive);
  }
  if (!top) errors.push({ at: at(path, tokens.at(-1)), message: 'unexpected end of file, expecting "}"' });
  return directives;
}

function parseDirective(path: string, tokens: NginxToken[], state: ParseState, errors: NginxParseError[]): NginxDirective | undefined {
  const first = tokens[state.index]!;
  const words: string[] = [];
  for (; state.index < tokens.length; state.index++) {
    const token = tokens[state.index]!;
    if (isPunct(token, ";")) return finish(path, first, words, undefined, state);
    if (isPunct(token, "{")) {
      state.index++;
      state.depth++;
      const block = parseBlock(path, tokens, state, errors, false);
      state.depth--;
      return { name: words[0] ?? "", args: words.slice(1), at: at(path, first), block };
    }
    if (isPunct(token, "}")) break;
    words.push(token.value);
  }
  errors.push({ at: at(path, first), message: `directive "${words[0] ?? ""}" is not terminated by ";"` });
  return words.length > 0 ? { name: words[0] ?? "", args: words.slice(1), at: at(path, first), block: undefined } : undefined;
}

function finish(path: string, first: NginxToken, words: string[], block: NginxDirective[] | undefined, state: ParseState): NginxDirective | undefined {
  state.index++;
  if (words.length === 0) return undefined;
  return { name: words[0] ?? "", args: words.slice(1), at: at(path, first), block };
}

const isPunct = (token: NginxToken, value: string) => !token.quoted && token.value === value;
const at = (file: string, token: NginxToken | undefined): Location => ({ file, line: token?.line ?? 1, column: token?.column ?? 1 });

/** Every directive in the tree, depth first, with the chain of enclosing blocks (outermost first). */
export function walkNginx(directives: readonly NginxDirective[], visit: (directive: NginxDirective, parents: readonly NginxDirective[]) => void, parents: readonly NginxDirective[] = []): void {
  for (const directive of directives) {
    visit(directive, parents);
    if (directive.block) walkNginx(directive.block, visit, [...parents, directive]);
  }
}
