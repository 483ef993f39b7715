CREATE TABLE notes (
    id         serial PRIMARY KEY,
    title      text NOT NULL,
    body       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
