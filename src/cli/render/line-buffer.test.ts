import { describe, expect, it } from "vitest";
import { LineBuffer } from "./line-buffer.js";

describe("LineBuffer", () => {
  it("releases whole lines and keeps a partial one until its newline arrives", () => {
    const buffer = new LineBuffer();
    expect(buffer.push("connecting to postgres://app:s3cr")).toBe("");
    expect(buffer.pending).toBe(true);
    expect(buffer.push("et@db/app\nready\npart")).toBe("connecting to postgres://app:s3cret@db/app\nready\n");
    expect(buffer.push("ial\n")).toBe("partial\n");
    expect(buffer.pending).toBe(false);
    expect(buffer.flush()).toBe("");
  });

  it("hands out what is left at the end, a line without its newline", () => {
    const buffer = new LineBuffer();
    expect(buffer.push("a\nPassword: ")).toBe("a\n");
    expect(buffer.flush()).toBe("Password: ");
    expect(buffer.flush()).toBe("");
  });

  it("passes empty chunks and many lines in one chunk through unchanged", () => {
    const buffer = new LineBuffer();
    expect(buffer.push("")).toBe("");
    expect(buffer.push("1\n2\n3\n")).toBe("1\n2\n3\n");
    expect(buffer.push("\n")).toBe("\n");
  });

  it("releases a run longer than the limit instead of holding it forever", () => {
    const buffer = new LineBuffer(8);
    expect(buffer.push("12345")).toBe("");
    expect(buffer.push("6789")).toBe("123456789");
    expect(buffer.pending).toBe(false);
    expect(buffer.push("ok\nabcdefghij")).toBe("ok\nabcdefghij");
  });
});
