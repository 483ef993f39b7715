/**
 * Cuts a stream of text chunks into whole lines. The engine's log chunks end anywhere, mid-line
 * and mid-word; a line printed as two (each with its own prefix) breaks the output, and a secret
 * cut in two escapes redaction, which only matches whole values. `push` returns the complete
 * lines (with their newlines) and keeps the rest; `flush` returns the rest (a line without its
 * newline yet: a prompt, a progress bar, or the end of the stream).
 */
export class LineBuffer {
  private rest = "";

  /** At most this many characters wait for a newline; a longer run is released as it is. */
  constructor(private readonly maxPending = 64 * 1024) {}

  push(text: string): string {
    const all = this.rest + text;
    const end = all.lastIndexOf("\n") + 1;
    this.rest = all.slice(end);
    if (this.rest.length <= this.maxPending) return all.slice(0, end);
    this.rest = "";
    return all;
  }

  flush(): string {
    const rest = this.rest;
    this.rest = "";
    return rest;
  }

  get pending(): boolean {
    return this.rest !== "";
  }
}
