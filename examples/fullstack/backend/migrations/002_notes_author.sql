-- Who wrote a note, and an index for the newest-first list.
ALTER TABLE notes ADD COLUMN author text NOT NULL DEFAULT 'anonymous'
  CHECK (char_length(author) BETWEEN 1 AND 40);
CREATE INDEX notes_created_at_idx ON notes (created_at DESC, id DESC);
