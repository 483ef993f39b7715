import { Router } from "express";
import { parseNewNote } from "./note.js";
import type { Counter, NoteBus, NoteStore } from "./ports.js";

export interface NotesDeps {
  store: NoteStore;
  counter: Counter;
  bus: NoteBus;
  onCreated?: () => void;
}

const LIST_LIMIT = 50;

/** REST half of the feature: list and create over HTTP; the bus carries the live half. */
export function notesRouter(deps: NotesDeps): Router {
  const router = Router();
  router.get("/notes", async (_req, res) => {
    res.json({ notes: await deps.store.list(LIST_LIMIT) });
  });
  router.post("/notes", async (req, res) => {
    const parsed = parseNewNote(req.body);
    if (!parsed.ok) {
      res.status(400).json({ error: parsed.error });
      return;
    }
    const note = await deps.store.create(parsed.value);
    const notesCreated = await deps.counter.increment();
    deps.onCreated?.();
    await deps.bus.publish({ note, notesCreated });
    res.status(201).json({ note, notesCreated });
  });
  router.get("/stats", async (_req, res) => {
    res.json({ notesCreated: await deps.counter.read() });
  });
  return router;
}
