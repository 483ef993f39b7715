import { DockerfileParser, type Instruction } from "dockerfile-ast";
import type { Location } from "../finding.js";

/** One Dockerfile instruction with 1-based position and its arguments split once. */
export interface DockerInstruction {
  readonly keyword: string;
  /** Arguments without flags; for JSON (exec) form, the decoded strings. */
  readonly args: readonly string[];
  /** The argument text as written, continuation lines joined. */
  readonly text: string;
  readonly flags: Readonly<Record<string, string | null>>;
  readonly execForm: boolean;
  readonly at: Location;
}

export interface DockerStage {
  readonly index: number;
  readonly name: string | undefined;
  /** The FROM image as written (may name an earlier stage). */
  readonly image: string;
  readonly from: DockerInstruction;
  readonly instructions: readonly DockerInstruction[];
}

export interface DockerfileModel {
  readonly path: string;
  readonly text: string;
  readonly stages: readonly DockerStage[];
  /** Instructions before the first FROM (global ARGs). */
  readonly preamble: readonly DockerInstruction[];
}

/** Parses a Dockerfile into stages of instructions; dockerfile-ast is lenient, so this never throws. */
export function parseDockerfile(path: string, text: string): DockerfileModel {
  const instructions = DockerfileParser.parse(text).getInstructions().map((instruction) => toInstruction(path, instruction));
  const stages: DockerStage[] = [];
  const preamble: DockerInstruction[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === "FROM") stages.push(newStage(stages.length, instruction));
    else (stages.at(-1)?.instructions as DockerInstruction[] | undefined ?? preamble).push(instruction);
  }
  return { path, text, stages, preamble };
}

function newStage(index: number, from: DockerInstruction): DockerStage {
  const asIndex = from.args.findIndex((arg) => arg.toLowerCase() === "as");
  const name = asIndex >= 0 ? from.args[asIndex + 1]?.toLowerCase() : undefined;
  return { index, name, image: from.args[0] ?? "", from, instructions: [] };
}

function toInstruction(path: string, instruction: Instruction): DockerInstruction {
  const start = instruction.getRange().start;
  const text = instruction.getArgumentsContent() ?? "";
  const flags = readFlags(instruction);
  const exec = decodeExecForm(text);
  const args = exec ?? instruction.getArguments().map((arg) => arg.getValue()).filter((arg) => !isFlag(arg, flags));
  return {
    keyword: instruction.getKeyword().toUpperCase(),
    args,
    text: exec === undefined ? stripFlags(text) : text,
    flags,
    execForm: exec !== undefined,
    at: { file: path, line: start.line + 1, column: start.character + 1 },
  };
}

function readFlags(instruction: Instruction): Record<string, string | null> {
  const withFlags = instruction as Instruction & { getFlags?: () => { getName(): string; getValue(): string | null }[] };
  const flags: Record<string, string | null> = {};
  for (const flag of withFlags.getFlags?.() ?? []) flags[flag.getName().toLowerCase()] = flag.getValue();
  return flags;
}

const isFlag = (arg: string, flags: Record<string, string | null>) =>
  arg.startsWith("--") && Object.keys(flags).some((name) => arg.slice(2).toLowerCase().startsWith(name));

const stripFlags = (text: string) => text.replace(/^(\s*--[\w-]+(=\S*)?\s+)+/, "");

function decodeExecForm(text: string): string[] | undefined {
  const trimmed = stripFlags(text).trim();
  if (!trimmed.startsWith("[")) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return Array.isArray(parsed) && parsed.every((item) => typeof item === "string") ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The stage the image is built from: `target` when given, else the last one. */
export function finalStage(model: DockerfileModel, target?: string): DockerStage | undefined {
  if (target !== undefined) return model.stages.find((stage) => stage.name === target.toLowerCase());
  return model.stages.at(-1);
}

/** The external image a stage ultimately starts from, following `FROM <earlier stage>`. */
export function baseImageOf(model: DockerfileModel, stage: DockerStage): string {
  let current: DockerStage | undefined = stage;
  for (let hops = 0; current && hops < model.stages.length; hops++) {
    const parent = model.stages.find((candidate) => candidate.index < current!.index && candidate.name === current!.image.toLowerCase());
    if (!parent) return current.image;
    current = parent;
  }
  return stage.image;
}

/** Stages the given stage inherits from, itself first. */
export function stageChain(model: DockerfileModel, stage: DockerStage): DockerStage[] {
  const chain = [stage];
  let current = stage;
  for (let parent = findParent(model, current); parent; parent = findParent(model, current)) {
    chain.push(parent);
    current = parent;
  }
  return chain;
}

const findParent = (model: DockerfileModel, stage: DockerStage) =>
  model.stages.find((candidate) => candidate.index < stage.index && candidate.name === stage.image.toLowerCase());
