"""One-shot migration job: applies migrations/NNN_*.sql in order, each in its own transaction,
and records it in schema_migrations. Report 000 applied six migrations by hand; here the stack
runs this job before the backend starts, and a second run applies nothing."""
import sys

from brain_runtime.db import connect, migration_files

# Any constant: two migration jobs started at once wait for each other instead of racing.
LOCK_KEY = 740_000


def applied_versions(cursor):
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version text PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
    )
    cursor.execute("SELECT version FROM schema_migrations")
    return {row[0] for row in cursor.fetchall()}


def main():
    connection = connect()
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
            done = applied_versions(cursor)
        applied = 0
        for path in migration_files():
            version = path.name.split("_", 1)[0]
            if version in done:
                continue
            with connection, connection.cursor() as cursor:
                cursor.execute(path.read_text(encoding="utf-8"))
                cursor.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (version, path.name))
            print(f"migrate: applied {path.name}", flush=True)
            applied += 1
        print(f"migrate: {applied} applied, {len(done)} already present", flush=True)
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(main())
