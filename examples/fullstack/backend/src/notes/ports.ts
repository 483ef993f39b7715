import type { NewNote, Note } from "./note.js";

/** Where notes live (Postgres in production, memory in tests). */
export interface NoteStore {
  list(limit: number): Promise<Note[]>;
  create(note: NewNote): Promise<Note>;
}

/** How many notes were ever created (a Redis counter; survives restarts with AOF). */
export interface Counter {
  increment(): Promise<number>;
  read(): Promise<number>;
}

export interface NoteEvent {
  note: Note;
  notesCreated: number;
}

/** Fans a created note out to every backend instance, each of which tells its own sockets. */
export interface NoteBus {
  publish(event: NoteEvent): Promise<void>;
  subscribe(listener: (event: NoteEvent) => void): Promise<void>;
}
