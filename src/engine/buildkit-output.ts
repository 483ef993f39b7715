import { StringDecoder } from "node:string_decoder";
import { decodeTrace, type TraceVertex } from "./buildkit-trace.js";
import type { BuildMessage } from "./build-output.js";
import { ProtoError } from "./protobuf-reader.js";
import type { BuildProgress, BuildResult, BuildStep } from "./types/image.js";

/** A BuildKit message: a trace (`aux` base64 protobuf), the image id (`aux.ID`), or an error. */
export interface BuildKitMessage {
  readonly id?: string;
  readonly aux?: string | { readonly ID?: string };
  readonly stream?: string;
  readonly error?: string;
  readonly errorDetail?: BuildMessage["errorDetail"];
}

// `[stage-0 2/4] COPY …` or `[builder 3/7] RUN …`: a Dockerfile instruction with its place.
const STEP = /^\[(?:[^\]]*\s)?(\d+)\/(\d+)\] (.*)$/s;

interface VertexState {
  readonly number: number;
  name: string;
  started: boolean;
  done: boolean;
  readonly output: string[];
  partial: string;
  /** A step's output arrives in pieces that may cut a character of several bytes. */
  readonly decoder: StringDecoder;
}

/**
 * Follows a BuildKit build (`POST /build?version=2`) as `docker build --progress=plain` prints it:
 * `#3 [stage-0 2/4] COPY …`, the step's output as `#3 <line>`, `#3 CACHED`, `#3 DONE 0.4s` or
 * `#3 ERROR: …`; and ends as the same BuildResult the classic builder's output gives (the failing
 * step and what it printed, or the image id).
 */
export class BuildKitOutput {
  private readonly lines: string[] = [];
  private readonly vertexes = new Map<string, VertexState>();
  private imageId: string | undefined;
  private error: string | undefined;
  private failed: { step: BuildStep | undefined; output: string[] } | undefined;

  accept(message: BuildKitMessage): BuildProgress[] {
    if (message.id === "moby.buildkit.trace" && typeof message.aux === "string") return this.acceptTrace(message.aux);
    if (message.id === "moby.image.id" && typeof message.aux === "object") this.imageId = message.aux.ID;
    if (message.error !== undefined) {
      this.error = message.errorDetail?.message ?? message.error;
      return [this.emit(`ERROR: ${this.error}`)];
    }
    return [];
  }

  result(failure?: string): BuildResult {
    const error = failure ?? this.error ?? (this.imageId === undefined ? "the build ended without an image" : undefined);
    const log = this.lines.join("\n");
    if (error === undefined) return { ok: true, imageId: this.imageId as string, log };
    const base = { ok: false, log, error };
    if (!this.failed) return base;
    return { ...base, ...(this.failed.step ? { failedStep: this.failed.step } : {}), failedStepOutput: this.failed.output };
  }

  private acceptTrace(aux: string): BuildProgress[] {
    let trace;
    try {
      trace = decodeTrace(aux);
    } catch (error) {
      if (error instanceof ProtoError) return [this.emit(`(an unreadable build trace message: ${error.message})`)];
      throw error;
    }
    const progress: BuildProgress[] = [];
    for (const vertex of trace.vertexes) progress.push(...this.acceptVertex(vertex));
    for (const log of trace.logs) {
      const state = this.vertexes.get(log.vertex);
      if (state) progress.push(...this.takeOutput(state, state.decoder.write(Buffer.from(log.bytes))));
    }
    return progress;
  }

  private acceptVertex(vertex: TraceVertex): BuildProgress[] {
    let state = this.vertexes.get(vertex.digest);
    if (!state) {
      state = { number: this.vertexes.size + 1, name: vertex.name, started: false, done: false, output: [], partial: "", decoder: new StringDecoder("utf8") };
      this.vertexes.set(vertex.digest, state);
    }
    const progress: BuildProgress[] = [];
    if (!state.started && vertex.started !== undefined) {
      state.started = true;
      const step = stepOf(vertex.name);
      progress.push({ ...(step ? { step } : {}), text: this.record(`#${state.number} ${vertex.name}`) });
    }
    if (!state.done && vertex.completed !== undefined) {
      state.done = true;
      state.partial += state.decoder.end();
      if (state.partial !== "") progress.push(...this.takeOutput(state, "\n"));
      if (vertex.error !== undefined) {
        this.failed = { step: stepOf(vertex.name), output: [...state.output] };
        progress.push(this.emit(`#${state.number} ERROR: ${vertex.error}`));
      } else if (vertex.cached) progress.push(this.emit(`#${state.number} CACHED`));
      else progress.push(this.emit(`#${state.number} DONE ${(((vertex.completed ?? 0) - (vertex.started ?? 0)) / 1000).toFixed(1)}s`));
    }
    return progress;
  }

  private takeOutput(state: VertexState, text: string): BuildProgress[] {
    const pieces = (state.partial + text).split(/\r?\n/);
    state.partial = pieces.pop() ?? "";
    return pieces.map((line) => {
      state.output.push(line);
      return this.emit(`#${state.number} ${line}`);
    });
  }

  private emit(line: string): BuildProgress {
    return { text: this.record(line) };
  }

  private record(line: string): string {
    this.lines.push(line);
    return line;
  }
}

/** The Dockerfile step a vertex runs, when its name says (`[stage-0 2/4] COPY …`). */
export function stepOf(name: string): BuildStep | undefined {
  const match = STEP.exec(name);
  if (!match) return undefined;
  return { index: Number(match[1]), total: Number(match[2]), instruction: match[3] ?? "" };
}
