import type Docker from "dockerode";
import { StringDecoder } from "node:string_decoder";
import { logQuery } from "./docker-mappers.js";
import { readChunks } from "./docker-streams.js";
import { decodeFrames, FrameDecoder } from "./stream-frames.js";
import type { LogChunk, LogOptions } from "./types/stream.js";

// A container with a TTY writes one raw stream; without, stdout and stderr come multiplexed.
async function usesTty(container: Docker.Container): Promise<boolean> {
  return (await container.inspect()).Config.Tty;
}

/** A container's output so far, demultiplexed. */
export async function readContainerLogs(
  container: Docker.Container,
  options: LogOptions,
): Promise<LogChunk[]> {
  const tty = await usesTty(container);
  const raw: unknown = await container.logs({ ...logQuery(options), follow: false });
  const buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw));
  return tty ? [{ stream: "stdout", text: buffer.toString("utf8") }] : decodeFrames(buffer);
}

/** A container's output as it is written, until the signal aborts or the container's log ends. */
export async function* followContainerLogs(
  container: Docker.Container,
  options: LogOptions,
  signal: AbortSignal,
): AsyncGenerator<LogChunk> {
  const tty = await usesTty(container);
  let stream: NodeJS.ReadableStream;
  try {
    stream = await container.logs({ ...logQuery(options), follow: true, abortSignal: signal });
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  }
  const decoder = new FrameDecoder();
  // A TTY's raw stream may cut a character of several bytes between chunks, as frames may.
  const text = new StringDecoder("utf8");
  for await (const chunk of readChunks(stream, signal)) {
    yield* tty ? rawText(text.write(chunk)) : decoder.push(chunk);
  }
}

function rawText(text: string): LogChunk[] {
  return text === "" ? [] : [{ stream: "stdout", text }];
}
