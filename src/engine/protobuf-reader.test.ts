import { describe, expect, it } from "vitest";
import { all, first, ProtoError, readFields, text } from "./protobuf-reader.js";

/** Encodes a field key and value by hand, as the wire format spells it. */
const key = (number: number, wireType: number) => [(number << 3) | wireType];
const bytesField = (number: number, bytes: number[]) => [...key(number, 2), bytes.length, ...bytes];
const ascii = (value: string) => [...Buffer.from(value)];

describe("readFields", () => {
  it("reads varints (multi-byte too), strings and nested messages by field number", () => {
    const nested = bytesField(1, ascii("in"));
    const message = Uint8Array.from([...key(1, 0), 0xac, 0x02, ...bytesField(2, ascii("hello")), ...bytesField(3, nested), ...bytesField(2, ascii("again"))]);
    const fields = readFields(message);
    expect(first(fields, 1)?.varint).toBe(300n);
    expect(all(fields, 2).map(text)).toEqual(["hello", "again"]);
    expect(text(first(readFields(first(fields, 3)?.bytes ?? new Uint8Array()), 1))).toBe("in");
  });

  it("skips fixed64 and fixed32 fields it has no use for", () => {
    const message = Uint8Array.from([...key(1, 1), 1, 2, 3, 4, 5, 6, 7, 8, ...key(2, 5), 1, 2, 3, 4, ...bytesField(3, ascii("kept"))]);
    expect(readFields(message).map((field) => field.number)).toEqual([3]);
  });

  it("keeps 64-bit varints exact", () => {
    const message = Uint8Array.from([...key(1, 0), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect(first(readFields(message), 1)?.varint).toBe(2n ** 64n - 1n);
  });

  it("throws ProtoError on a truncated or malformed message, never reads past the end", () => {
    expect(() => readFields(Uint8Array.from([...key(1, 2), 10, 1, 2]))).toThrow(ProtoError);
    expect(() => readFields(Uint8Array.from([...key(1, 0), 0x80]))).toThrow("truncated varint");
    expect(() => readFields(Uint8Array.from([...key(1, 3)]))).toThrow("unsupported wire type 3");
    expect(() => readFields(Uint8Array.from([0x00]))).toThrow("field number 0");
    expect(() => readFields(Uint8Array.from(Array(11).fill(0xff)))).toThrow("varint longer than 10 bytes");
  });

  it("reads nothing from an empty message and gives an empty text for a missing field", () => {
    expect(readFields(new Uint8Array())).toEqual([]);
    expect(text(undefined)).toBe("");
  });
});
