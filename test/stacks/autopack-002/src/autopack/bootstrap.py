"""One-shot bootstrap of a fresh database: schema, seed rows and a bootstrap record, in one
transaction. The guard: it runs only when AUTOPACK_DB_BOOTSTRAP=1 is set for this run, and it
never bootstraps twice. On a database that has the record it changes nothing and says so (exit 0,
so `up` can run the job every time); on one with tables but no record it refuses (exit 1)."""
import os
import sys

from autopack.db import SCHEMA_VERSION, bootstrap_record, connect

# Two bootstrap jobs started at once wait for each other instead of racing.
LOCK_KEY = 740_002

SCHEMA = """
CREATE TABLE runs (
    id         uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    name       text NOT NULL UNIQUE,
    status     text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO runs (name, status) VALUES ('first-build', 'done'), ('docs-refresh', 'queued');
CREATE TABLE autopack_bootstrap (
    only_row        boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    schema_version  integer NOT NULL,
    bootstrapped_at timestamptz NOT NULL DEFAULT now()
);
"""


def user_tables(cursor):
    cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
    return cursor.fetchone()[0]


def bootstrap(cursor):
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
    record = bootstrap_record(cursor)
    if record is not None:
        print(f"bootstrap: refused, already bootstrapped at {record[1].isoformat()} (schema v{record[0]}); nothing changed")
        return 0
    if user_tables(cursor) > 0:
        print("bootstrap: refused, the database has tables but no bootstrap record; it is not a fresh database")
        return 1
    cursor.execute(SCHEMA)
    cursor.execute("INSERT INTO autopack_bootstrap (schema_version) VALUES (%s)", (SCHEMA_VERSION,))
    print(f"bootstrap: created schema v{SCHEMA_VERSION} and seed rows")
    return 0


def main():
    if os.environ.get("AUTOPACK_DB_BOOTSTRAP") != "1":
        print("bootstrap: refused, set AUTOPACK_DB_BOOTSTRAP=1 for this run to bootstrap a fresh database")
        return 2
    connection = connect()
    try:
        with connection, connection.cursor() as cursor:
            return bootstrap(cursor)
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(main())
