import { StringDecoder } from "node:string_decoder";
import type { LogChunk } from "./types/stream.js";

const HEADER_BYTES = 8;

/**
 * Splits the Engine API's multiplexed stdout/stderr stream (used by logs and exec when the
 * container has no TTY) into chunks. Each frame is an 8-byte header (stream type, 3 zero bytes,
 * big-endian length) and its payload; frames may arrive split across network chunks.
 */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);
  // One text decoder per stream: a character whose bytes two writes (two frames) carry stays whole.
  private readonly text = { stdout: new StringDecoder("utf8"), stderr: new StringDecoder("utf8") };

  /** Feeds one network chunk; returns the frames it completes. */
  push(chunk: Buffer): LogChunk[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: LogChunk[] = [];
    while (this.pending.length >= HEADER_BYTES) {
      const length = this.pending.readUInt32BE(4);
      if (this.pending.length < HEADER_BYTES + length) break;
      const payload = this.pending.subarray(HEADER_BYTES, HEADER_BYTES + length);
      const stream = this.pending[0] === 2 ? "stderr" : "stdout";
      const text = this.text[stream].write(payload);
      if (text !== "" || length === 0) frames.push({ stream, text });
      this.pending = this.pending.subarray(HEADER_BYTES + length);
    }
    return frames;
  }

  /** Bytes of an unfinished frame left at the end of the stream. */
  get leftover(): number {
    return this.pending.length;
  }
}

/** Decodes a whole multiplexed buffer at once. */
export function decodeFrames(buffer: Buffer): LogChunk[] {
  return new FrameDecoder().push(buffer);
}
