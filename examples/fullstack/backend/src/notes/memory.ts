import type { NewNote, Note } from "./note.js";
import type { Counter, NoteBus, NoteEvent, NoteStore } from "./ports.js";

/** In-memory adapters: the unit tests' stand-ins for Postgres and Redis. */
export function memoryNoteStore(clock: () => Date = () => new Date()): NoteStore {
  const notes: Note[] = [];
  return {
    list: async (limit) => [...notes].reverse().slice(0, limit),
    async create(note: NewNote) {
      const created = { id: notes.length + 1, ...note, createdAt: clock().toISOString() };
      notes.push(created);
      return created;
    },
  };
}

export function memoryCounter(): Counter {
  let value = 0;
  return { increment: async () => ++value, read: async () => value };
}

export function memoryNoteBus(): NoteBus {
  const listeners: ((event: NoteEvent) => void)[] = [];
  return {
    publish: async (event) => listeners.forEach((listener) => listener(event)),
    subscribe: async (listener) => void listeners.push(listener),
  };
}
