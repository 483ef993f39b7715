export interface Note {
  id: number;
  text: string;
  author: string;
  createdAt: string;
}

export interface NewNote {
  text: string;
  author: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export const MAX_TEXT = 500;
export const MAX_AUTHOR = 40;

/** Validates a POST body; the messages go back to the user as the 400 response. */
export function parseNewNote(body: unknown): Parsed<NewNote> {
  if (typeof body !== "object" || body === null) return { ok: false, error: "body must be a JSON object" };
  const { text, author } = body as Record<string, unknown>;
  if (typeof text !== "string" || text.trim() === "") return { ok: false, error: "text is required" };
  if (text.trim().length > MAX_TEXT) return { ok: false, error: `text is longer than ${MAX_TEXT} characters` };
  if (author !== undefined && typeof author !== "string") return { ok: false, error: "author must be a string" };
  const name = (author ?? "").trim() || "anonymous";
  if (name.length > MAX_AUTHOR) return { ok: false, error: `author is longer than ${MAX_AUTHOR} characters` };
  return { ok: true, value: { text: text.trim(), author: name } };
}
