import { StringDecoder } from "node:string_decoder";
import { logQuery } from "./docker-mappers.js";
import { readChunks } from "./docker-streams.js";
import type { EngineHttp } from "./engine-http.js";
import { decodeFrames, FrameDecoder } from "./stream-frames.js";
import type { LogChunk, LogOptions } from "./types/stream.js";

// A container with a TTY writes one raw stream; without, stdout and stderr come multiplexed.
async function usesTty(http: EngineHttp, container: string): Promise<boolean> {
  return (await http.json<{ Config: { Tty: boolean } }>({ path: `/containers/${container}/json` })).Config.Tty;
}

/** A container's output so far, demultiplexed. */
export async function readContainerLogs(
  http: EngineHttp,
  container: string,
  options: LogOptions,
): Promise<LogChunk[]> {
  const tty = await usesTty(http, container);
  const buffer = await http.buffer({ path: `/containers/${container}/logs`, query: { ...logQuery(options), follow: false } });
  return tty ? [{ stream: "stdout", text: buffer.toString("utf8") }] : decodeFrames(buffer);
}

/** A container's output as it is written, until the signal aborts or the container's log ends. */
export async function* followContainerLogs(
  http: EngineHttp,
  container: string,
  options: LogOptions,
  signal: AbortSignal,
): AsyncGenerator<LogChunk> {
  const tty = await usesTty(http, container);
  let stream: NodeJS.ReadableStream;
  try {
    stream = await http.send({ path: `/containers/${container}/logs`, query: { ...logQuery(options), follow: true }, signal });
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
