CREATE TABLE IF NOT EXISTS migration_runs (id serial PRIMARY KEY, ran_at timestamptz NOT NULL DEFAULT now());
INSERT INTO migration_runs DEFAULT VALUES;
