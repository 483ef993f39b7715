import { ConfigError } from "../../common/errors.js";

/** A variable's value, or `undefined` when it is not set (`""` is set and empty). */
export type VariableLookup = (name: string) => string | undefined;

/** A lookup over a plain record that ignores inherited properties such as `constructor`. */
export function lookupIn(record: Readonly<Record<string, string | null | undefined>>): VariableLookup {
  return (name) => (Object.hasOwn(record, name) ? (record[name] ?? undefined) : undefined);
}

/** The substituted text and the variables that were used unset, without a default. */
export interface Substitution {
  readonly value: string;
  /** Each reference to an unset variable that had no default; compose warns about them. */
  readonly unset: readonly string[];
}

/** `${VAR:?message}` / `${VAR?message}` met a missing value: the user's message is the point. */
export class RequiredVariableError extends ConfigError {
  readonly variable: string;
  readonly reason: string;

  constructor(variable: string, reason: string) {
    const message = `required variable ${variable} is missing a value${reason === "" ? "" : `: ${reason}`}`;
    super("compose.required-variable", message, { hint: `set ${variable} in the shell or in the .env file` });
    this.variable = variable;
    this.reason = reason;
  }
}

/** A `$` reference compose cannot read, such as `${ TAG }` or `${}`. */
export class InvalidTemplateError extends ConfigError {
  readonly template: string;

  constructor(template: string) {
    super("compose.invalid-template", `invalid interpolation format: ${JSON.stringify(template)}`, {
      hint: "write ${NAME} without spaces, or escape a literal $ as $$",
    });
    this.template = template;
  }
}

// compose-go's pattern: `$$`, `$NAME`, `${NAME...}`, or `${` followed by anything else (invalid).
// The operator part is greedy up to the LAST `}`; the real end is found by brace counting.
const referencePattern =
  /\$(?:(?<escaped>\$)|(?<named>[_a-z][_a-z0-9]*)|\{(?:(?<braced>[_a-z][_a-z0-9]*(?::?[-+?][^\n]*)?)\}|(?<invalid>)))/gi;

const firstReference = new RegExp(referencePattern.source, "i");

type Operator = ":?" | "?" | ":-" | "-" | ":+" | "+";
const operators: readonly Operator[] = [":?", "?", ":-", "-", ":+", "+"];

interface Scope {
  readonly lookup: VariableLookup;
  readonly unset: string[];
}

/**
 * Substitutes `$VAR`, `${VAR}` and the `:-` `-` `:+` `+` `:?` `?` forms in one string, as
 * compose-go's template package does: `$$` gives `$`, a lone `$` stays, defaults are lazy
 * and may nest. Throws RequiredVariableError or InvalidTemplateError.
 */
export function substituteVariables(template: string, lookup: VariableLookup): Substitution {
  const scope: Scope = { lookup, unset: [] };
  return { value: substituteIn(template, scope), unset: scope.unset };
}

function substituteIn(template: string, scope: Scope): string {
  if (!template.includes("$")) return template;
  try {
    return template.replace(referencePattern, (match) => replaceReference(match, scope));
  } catch (error) {
    if (error instanceof InvalidTemplateError && error.template === "")
      throw new InvalidTemplateError(template);
    throw error;
  }
}

function replaceReference(match: string, scope: Scope): string {
  if (match === "$$") return "$";
  if (match[1] !== "{") return valueOf(match.slice(1), scope);
  const operator = firstOperator(match);
  const [head, rest] = splitAtClosingBrace(match);
  const groups = firstReference.exec(head)?.groups;
  if (groups?.["escaped"] !== undefined) return "$";
  const named = groups?.["named"];
  if (named !== undefined) return valueOf(named, scope);
  const braced = groups?.["braced"];
  if (braced === undefined) throw new InvalidTemplateError("");
  const applied = operator === undefined ? undefined : applyOperator(operator, braced, scope);
  if (applied === undefined) return valueOf(braced, scope);
  return applied + substituteIn(rest, scope);
}

function valueOf(name: string, scope: Scope): string {
  const value = scope.lookup(name);
  if (value === undefined) scope.unset.push(name);
  return value ?? "";
}

// compose-go picks the operator that occurs first in the whole match (it sits right after the name).
function firstOperator(match: string): Operator | undefined {
  let best: Operator | undefined;
  let bestIndex = Infinity;
  for (const operator of operators) {
    const index = match.indexOf(operator);
    if (index >= 0 && index < bestIndex) [best, bestIndex] = [operator, index];
  }
  return best;
}

// The first balanced `}` ends the reference; what follows is substituted on its own.
function splitAtClosingBrace(text: string): [string, string] {
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "}") {
      open--;
      if (open === 0) return [text.slice(0, i + 1), text.slice(i + 1)];
    }
    if (text[i] === "{") {
      open++;
      i++; // compose-go skips the character after `{`
    }
  }
  return [text, ""];
}

function applyOperator(operator: Operator, substitution: string, scope: Scope): string | undefined {
  const at = substitution.indexOf(operator);
  if (at < 0) return undefined;
  const name = substitution.slice(0, at);
  const argument = substitution.slice(at + operator.length);
  const value = scope.lookup(name);
  const isSet = value !== undefined;
  const isFilled = isSet && value !== "";
  switch (operator) {
    case ":-":
      return isFilled ? value : substituteIn(argument, scope);
    case "-":
      return isSet ? value : substituteIn(argument, scope);
    case ":+":
      return isFilled ? substituteIn(argument, scope) : (value ?? "");
    case "+":
      return isSet ? substituteIn(argument, scope) : "";
    case ":?":
      if (isFilled) return value;
      throw new RequiredVariableError(name, substituteIn(argument, scope));
    case "?":
      if (isSet) return value;
      throw new RequiredVariableError(name, substituteIn(argument, scope));
  }
}
