-- Shared notes: the one table of the example app.
CREATE TABLE notes (
  id         bigserial PRIMARY KEY,
  text       text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 500),
  created_at timestamptz NOT NULL DEFAULT now()
);
