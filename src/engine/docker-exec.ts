import type { ExecRequest, ExecResult, LogChunk } from "./types/stream.js";
import { FrameDecoder } from "./stream-frames.js";
import { readChunks } from "./docker-streams.js";
import type { EngineHttp } from "./engine-http.js";

/** How long to wait for the engine to record an exec's exit code after its output closed. */
const EXIT_CODE_WAIT_MS = 2_000;

/**
 * Runs a command in a running container the way the engine runs a healthcheck: no TTY, stdout and
 * stderr captured separately (and in arrival order), bounded by a timeout.
 */
export async function runExec(http: EngineHttp, container: string, request: ExecRequest): Promise<ExecResult> {
  const started = Date.now();
  const { Id: id } = await http.json<{ Id: string }>({ method: "POST", path: `/containers/${container}/exec`, body: execOptions(request) });
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal === undefined ? timeout : AbortSignal.any([timeout, request.signal]);
  // Without stdin the engine answers 200 and writes the multiplexed output as the body until the command ends.
  const stream = await http.send({ method: "POST", path: `/exec/${id}/start`, body: { Detach: false, Tty: false } });
  const chunks = await collectOutput(stream, signal);
  const timedOut = timeout.aborted;
  const exitCode = timedOut || signal.aborted ? -1 : await exitCodeOf(http, id);
  return { exitCode, ...joinOutput(chunks), timedOut, durationMs: Date.now() - started };
}

interface ExecCreateBody {
  Cmd: string[];
  AttachStdout: true;
  AttachStderr: true;
  Tty: false;
  User?: string;
  Env?: string[];
  WorkingDir?: string;
}

function execOptions(request: ExecRequest): ExecCreateBody {
  const options: ExecCreateBody = {
    Cmd: [...request.command],
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  };
  if (request.user !== undefined) options.User = request.user;
  if (request.env !== undefined) options.Env = [...request.env];
  if (request.workingDir !== undefined) options.WorkingDir = request.workingDir;
  return options;
}

async function collectOutput(stream: NodeJS.ReadableStream, signal: AbortSignal): Promise<LogChunk[]> {
  const decoder = new FrameDecoder();
  const chunks: LogChunk[] = [];
  for await (const chunk of readChunks(stream, signal)) chunks.push(...decoder.push(chunk));
  return chunks;
}

// The output stream can close a moment before the engine stores the exit code.
async function exitCodeOf(http: EngineHttp, id: string): Promise<number> {
  const deadline = Date.now() + EXIT_CODE_WAIT_MS;
  for (;;) {
    const info = await http.json<{ Running: boolean; ExitCode: number | null }>({ path: `/exec/${id}/json` });
    if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    if (Date.now() > deadline) return -1;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function joinOutput(chunks: readonly LogChunk[]): Pick<ExecResult, "stdout" | "stderr" | "output"> {
  const of = (stream: LogChunk["stream"]) =>
    chunks
      .filter((chunk) => chunk.stream === stream)
      .map((chunk) => chunk.text)
      .join("");
  return { stdout: of("stdout"), stderr: of("stderr"), output: chunks.map((chunk) => chunk.text).join("") };
}
