import { describe, expect, it } from "vitest";
import { MAX_TEXT, parseNewNote } from "./note.js";

describe("parseNewNote", () => {
  it("trims text and defaults the author", () => {
    expect(parseNewNote({ text: "  hello  " })).toEqual({ ok: true, value: { text: "hello", author: "anonymous" } });
  });

  it("keeps a given author", () => {
    expect(parseNewNote({ text: "hi", author: " ada " })).toEqual({ ok: true, value: { text: "hi", author: "ada" } });
  });

  it.each([
    [null, "body must be a JSON object"],
    [{}, "text is required"],
    [{ text: "   " }, "text is required"],
    [{ text: 5 }, "text is required"],
    [{ text: "x".repeat(MAX_TEXT + 1) }, "text is longer than 500 characters"],
    [{ text: "x", author: 3 }, "author must be a string"],
    [{ text: "x", author: "a".repeat(41) }, "author is longer than 40 characters"],
  ])("rejects %j", (body, error) => {
    expect(parseNewNote(body)).toEqual({ ok: false, error });
  });
});
