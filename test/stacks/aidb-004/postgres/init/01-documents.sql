-- Runs once on a fresh volume: AIDB's documents, the data report 004 backed up with pg_dump.
CREATE TABLE documents (
    id         serial PRIMARY KEY,
    title      text NOT NULL,
    body       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO documents (title, body) VALUES
    ('backup runbook', 'pg_dump from inside the container, gzip, keep seven days'),
    ('vector snapshots', 'snapshot the collection through the vector store API'),
    ('rollback', 'keep the previous image tag; never patch a running container');
