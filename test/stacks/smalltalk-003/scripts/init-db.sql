-- Runs once on a fresh Postgres volume (report 003's scripts/init-db.sql, trimmed to what the
-- seed stack uses): sessions and their chat messages.
CREATE TABLE sessions (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_name  text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE chat_messages (
    id         bigserial PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    body       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_messages_session_id ON chat_messages (session_id);

-- A new message touches its session.
CREATE FUNCTION touch_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sessions SET updated_at = now() WHERE id = NEW.session_id;
    RETURN NEW;
END
$$;
CREATE TRIGGER chat_messages_touch AFTER INSERT ON chat_messages
    FOR EACH ROW EXECUTE FUNCTION touch_session();
