import { all, first, readFields, text, type ProtoField } from "./protobuf-reader.js";

/**
 * One `moby.buildkit.trace` message of `POST /build?version=2`: a moby/buildkit
 * `controlapi.StatusResponse` (vertexes = 1, statuses = 2, logs = 3, warnings = 4).
 */
export interface BuildTrace {
  readonly vertexes: readonly TraceVertex[];
  readonly logs: readonly TraceLog[];
}

/** A build step (`Vertex`: digest = 1, name = 3, cached = 4, started = 5, completed = 6, error = 7). */
export interface TraceVertex {
  readonly digest: string;
  /** `[stage-0 2/4] COPY --chmod=755 hello.sh /hello.sh`, `[internal] load build definition …`. */
  readonly name: string;
  readonly cached: boolean;
  /** Milliseconds since the epoch. */
  readonly started?: number;
  readonly completed?: number;
  readonly error?: string;
}

/** Output of a step (`VertexLog`: vertex = 1, timestamp = 2, stream = 3, msg = 4). */
export interface TraceLog {
  readonly vertex: string;
  /** 1 stdout, 2 stderr. */
  readonly stream: number;
  readonly text: string;
  /** The raw output: a character of several bytes may be cut between two logs of a step. */
  readonly bytes: Uint8Array;
}

/** Decodes the base64 `aux` of a trace message; throws ProtoError when it is not one. */
export function decodeTrace(aux: string): BuildTrace {
  const fields = readFields(Buffer.from(aux, "base64"));
  return {
    vertexes: all(fields, 1).map((field) => vertexOf(readFields(field.bytes ?? new Uint8Array()))),
    logs: all(fields, 3).map((field) => logOf(readFields(field.bytes ?? new Uint8Array()))),
  };
}

function vertexOf(fields: readonly ProtoField[]): TraceVertex {
  const started = timestampOf(first(fields, 5));
  const completed = timestampOf(first(fields, 6));
  const error = text(first(fields, 7));
  return {
    digest: text(first(fields, 1)),
    name: text(first(fields, 3)),
    cached: first(fields, 4)?.varint === 1n,
    ...(started === undefined ? {} : { started }),
    ...(completed === undefined ? {} : { completed }),
    ...(error === "" ? {} : { error }),
  };
}

function logOf(fields: readonly ProtoField[]): TraceLog {
  const message = first(fields, 4);
  return { vertex: text(first(fields, 1)), stream: Number(first(fields, 3)?.varint ?? 1n), text: text(message), bytes: message?.bytes ?? new Uint8Array() };
}

/** A google.protobuf.Timestamp (seconds = 1, nanos = 2) in milliseconds. */
function timestampOf(field: ProtoField | undefined): number | undefined {
  if (!field?.bytes) return undefined;
  const parts = readFields(field.bytes);
  const seconds = Number(first(parts, 1)?.varint ?? 0n);
  const nanos = Number(first(parts, 2)?.varint ?? 0n);
  return seconds * 1000 + Math.floor(nanos / 1e6);
}
