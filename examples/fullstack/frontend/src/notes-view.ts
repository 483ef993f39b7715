import { createNote, listNotes, readStats, type Note, type NoteEvent } from "./api.js";

/** The notes page: a form, the Redis counter, and the list kept current by live events. */
export class NotesView {
  private readonly notes = new Map<number, Note>();
  private notesCreated = 0;
  readonly root = document.createElement("section");
  private readonly list = document.createElement("ul");
  private readonly counter = document.createElement("p");
  private readonly error = document.createElement("p");

  constructor() {
    this.list.dataset["testid"] = "notes";
    this.counter.dataset["testid"] = "counter";
    this.error.className = "error";
    this.root.append(this.form(), this.error, this.counter, this.list);
    this.render();
  }

  /** Full resync: on first load and after every (re)connect, so nothing missed while offline. */
  async refresh(): Promise<void> {
    const [notes, stats] = await Promise.all([listNotes(), readStats()]);
    this.notes.clear();
    notes.forEach((note) => this.notes.set(note.id, note));
    this.notesCreated = stats.notesCreated;
    this.render();
  }

  receive(event: NoteEvent): void {
    this.notes.set(event.note.id, event.note);
    this.notesCreated = Math.max(this.notesCreated, event.notesCreated);
    this.render();
  }

  private form(): HTMLFormElement {
    const form = document.createElement("form");
    form.innerHTML = `
      <input name="author" placeholder="your name" maxlength="40" data-testid="author" />
      <textarea name="text" placeholder="write a note" maxlength="500" required data-testid="text"></textarea>
      <button type="submit" data-testid="add">Add note</button>`;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.submit(form);
    });
    return form;
  }

  private async submit(form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    try {
      this.receive(await createNote(String(data.get("text") ?? ""), String(data.get("author") ?? "")));
      form.querySelector("textarea")!.value = "";
      this.error.textContent = "";
    } catch (error) {
      this.error.textContent = error instanceof Error ? error.message : String(error);
    }
  }

  private render(): void {
    this.counter.textContent = `${this.notesCreated} notes created so far`;
    const sorted = [...this.notes.values()].sort((a, b) => b.id - a.id);
    this.list.replaceChildren(...sorted.map(noteItem));
  }
}

function noteItem(note: Note): HTMLLIElement {
  const item = document.createElement("li");
  const text = document.createElement("p");
  const meta = document.createElement("small");
  text.textContent = note.text;
  meta.textContent = `${note.author} · ${new Date(note.createdAt).toLocaleTimeString()}`;
  item.append(text, meta);
  return item;
}
