import type { Queryable } from "../db.js";
import type { NewNote, Note } from "./note.js";
import type { NoteStore } from "./ports.js";

interface NoteRow {
  id: number;
  text: string;
  author: string;
  created_at: Date;
}

const COLUMNS = "id, text, author, created_at";

export function pgNoteStore(db: Queryable): NoteStore {
  return {
    async list(limit) {
      const result = await db.query<NoteRow>(
        `SELECT ${COLUMNS} FROM notes ORDER BY created_at DESC, id DESC LIMIT $1`,
        [limit],
      );
      return result.rows.map(toNote);
    },
    async create(note: NewNote) {
      const result = await db.query<NoteRow>(
        `INSERT INTO notes (text, author) VALUES ($1, $2) RETURNING ${COLUMNS}`,
        [note.text, note.author],
      );
      const row = result.rows[0];
      if (!row) throw new Error("INSERT returned no row");
      return toNote(row);
    },
  };
}

function toNote(row: NoteRow): Note {
  return { id: Number(row.id), text: row.text, author: row.author, createdAt: row.created_at.toISOString() };
}
