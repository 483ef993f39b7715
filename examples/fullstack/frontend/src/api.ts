/** The backend's REST API, same origin (nginx or the Vite dev server proxies /api/). */
export interface Note {
  id: number;
  text: string;
  author: string;
  createdAt: string;
}

export interface NoteEvent {
  note: Note;
  notesCreated: number;
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, { ...init, headers: { "content-type": "application/json" } });
  const body = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `${response.status} ${response.statusText}`);
  return body;
}

export const listNotes = () => request<{ notes: Note[] }>("/api/notes").then((body) => body.notes);
export const readStats = () => request<{ notesCreated: number }>("/api/stats");
export const readVersion = () => request<{ version: string; instance: string }>("/api/version");
export const createNote = (text: string, author: string) =>
  request<NoteEvent>("/api/notes", { method: "POST", body: JSON.stringify({ text, author }) });
