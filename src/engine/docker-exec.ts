import type Docker from "dockerode";
import type { ExecRequest, ExecResult, LogChunk } from "./types/stream.js";
import { FrameDecoder } from "./stream-frames.js";
import { readChunks } from "./docker-streams.js";

/** How long to wait for the engine to record an exec's exit code after its output closed. */
const EXIT_CODE_WAIT_MS = 2_000;

/**
 * Runs a command in a running container the way the engine runs a healthcheck: no TTY, stdout and
 * stderr captured separately (and in arrival order), bounded by a timeout.
 */
export async function runExec(container: Docker.Container, request: ExecRequest): Promise<ExecResult> {
  const started = Date.now();
  const exec = await container.exec(execOptions(request));
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal === undefined ? timeout : AbortSignal.any([timeout, request.signal]);
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks = await collectOutput(stream, signal);
  const timedOut = timeout.aborted;
  const exitCode = timedOut || signal.aborted ? -1 : await exitCodeOf(exec);
  return { exitCode, ...joinOutput(chunks), timedOut, durationMs: Date.now() - started };
}

function execOptions(request: ExecRequest): Docker.ExecCreateOptions {
  const options: Docker.ExecCreateOptions = {
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
async function exitCodeOf(exec: Docker.Exec): Promise<number> {
  const deadline = Date.now() + EXIT_CODE_WAIT_MS;
  for (;;) {
    const info = await exec.inspect();
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
