import { describe, expect, it } from "vitest";
import { BuildKitOutput } from "./buildkit-output.js";

// A minimal protobuf writer for hand-made trace messages (field numbers of controlapi.StatusResponse).
const varint = (value: number): number[] => {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  return [...out, rest];
};
const bytesField = (number: number, payload: Uint8Array | string): number[] => {
  const data = typeof payload === "string" ? Buffer.from(payload) : Buffer.from(payload);
  return [...varint((number << 3) | 2), ...varint(data.length), ...data];
};
const varintField = (number: number, value: number): number[] => [...varint(number << 3), ...varint(value)];
const timestamp = (seconds: number): number[] => varintField(1, seconds);

const vertex = (fields: { started?: number; completed?: number }): number[] =>
  bytesField(1, Uint8Array.from([
    ...bytesField(1, "sha256:step"),
    ...bytesField(3, "[stage-0 2/2] RUN npm test"),
    ...(fields.started === undefined ? [] : bytesField(5, Uint8Array.from(timestamp(fields.started)))),
    ...(fields.completed === undefined ? [] : bytesField(6, Uint8Array.from(timestamp(fields.completed)))),
  ]));
const log = (payload: Uint8Array): number[] => bytesField(3, Uint8Array.from([...bytesField(1, "sha256:step"), ...varintField(3, 1), ...bytesField(4, payload)]));
const traceMessage = (...parts: number[][]) => ({ id: "moby.buildkit.trace", aux: Buffer.from(parts.flat()).toString("base64") });

describe("BuildKit step output of several bytes per character", () => {
  const text = Buffer.from("✔ 12 tests passed — prêt\n");
  const cut = text.indexOf(0x9c) + 1; // inside the three bytes of "✔"

  it("keeps a character whole when two log messages cut it", () => {
    const output = new BuildKitOutput();
    const lines = [
      traceMessage(vertex({ started: 1_700_000_000 })),
      traceMessage(log(text.subarray(0, cut))),
      traceMessage(log(text.subarray(cut))),
      traceMessage(vertex({ started: 1_700_000_000, completed: 1_700_000_001 })),
    ].flatMap((message) => output.accept(message).map((progress) => progress.text));
    expect(lines).toEqual(["#1 [stage-0 2/2] RUN npm test", "#1 ✔ 12 tests passed — prêt", "#1 DONE 1.0s"]);
  });

  it("prints the last line of a step that ends without a newline when the step completes", () => {
    const output = new BuildKitOutput();
    const lines = [
      traceMessage(vertex({ started: 1_700_000_000 })),
      traceMessage(log(Buffer.from("no newline at the end"))),
      traceMessage(vertex({ started: 1_700_000_000, completed: 1_700_000_002 })),
    ].flatMap((message) => output.accept(message).map((progress) => progress.text));
    expect(lines).toEqual(["#1 [stage-0 2/2] RUN npm test", "#1 no newline at the end", "#1 DONE 2.0s"]);
  });
});
