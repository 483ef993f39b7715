import { describe, expect, it } from "vitest";
import { decodeFrames, FrameDecoder } from "./stream-frames.js";

const frame = (stream: 1 | 2, text: string) => {
  const payload = Buffer.from(text, "utf8");
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe("FrameDecoder", () => {
  it("splits stdout and stderr frames in order", () => {
    const buffer = Buffer.concat([frame(1, "out 1\n"), frame(2, "err 1\n"), frame(1, "out 2\n")]);
    expect(decodeFrames(buffer)).toEqual([
      { stream: "stdout", text: "out 1\n" },
      { stream: "stderr", text: "err 1\n" },
      { stream: "stdout", text: "out 2\n" },
    ]);
  });

  it("reassembles a frame split across chunks, header included", () => {
    const whole = Buffer.concat([frame(2, "héllo wörld\n"), frame(1, "next")]);
    const decoder = new FrameDecoder();
    const chunks = [whole.subarray(0, 3), whole.subarray(3, 12), whole.subarray(12)];
    const frames = chunks.flatMap((chunk) => decoder.push(chunk));
    expect(frames).toEqual([
      { stream: "stderr", text: "héllo wörld\n" },
      { stream: "stdout", text: "next" },
    ]);
    expect(decoder.leftover).toBe(0);
  });

  it("keeps an unfinished frame pending", () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(frame(1, "abcdef").subarray(0, 10))).toEqual([]);
    expect(decoder.leftover).toBe(10);
  });
});

describe("FrameDecoder and characters split across frames", () => {
  // An app's output buffer flushes at a byte count, not at a character: `é` (c3 a9) can end one
  // write and begin the next, and the engine frames each write on its own.
  const rawFrame = (stream: 1 | 2, payload: Buffer) => {
    const header = Buffer.alloc(8);
    header[0] = stream;
    header.writeUInt32BE(payload.length, 4);
    return Buffer.concat([header, payload]);
  };

  it("keeps a character whose bytes two frames carry whole, per stream", () => {
    const bytes = Buffer.from("café ok\n", "utf8");
    const split = bytes.indexOf(0xa9);
    const chunks = decodeFrames(Buffer.concat([rawFrame(1, bytes.subarray(0, split)), rawFrame(2, Buffer.from("warn\n")), rawFrame(1, bytes.subarray(split))]));
    expect(chunks.filter((c) => c.stream === "stdout").map((c) => c.text).join("")).toBe("café ok\n");
    expect(chunks.filter((c) => c.stream === "stderr").map((c) => c.text)).toEqual(["warn\n"]);
    expect(chunks.map((c) => c.text).join("")).not.toContain("\ufffd");
  });
});
