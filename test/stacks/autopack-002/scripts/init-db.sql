-- Runs once, when the postgres container initialises an empty data volume (report 002's
-- scripts/init-db.sql), as POSTGRES_USER in POSTGRES_DB. It prepares the database; the schema
-- itself belongs to the bootstrap job.
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET timezone TO %L', current_database(), 'UTC');
    EXECUTE format('GRANT ALL PRIVILEGES ON DATABASE %I TO %I', current_database(), current_user);
END
$$;
