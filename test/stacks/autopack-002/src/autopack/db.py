"""Connection and schema facts shared by the API and the bootstrap job."""
import os

import psycopg2

SCHEMA_VERSION = 1


def connect():
    return psycopg2.connect(os.environ["DATABASE_URL"], connect_timeout=5)


def bootstrap_record(cursor):
    """(schema_version, bootstrapped_at) of the one bootstrap, or None on a database never
    bootstrapped."""
    cursor.execute("SELECT to_regclass('public.autopack_bootstrap')")
    if cursor.fetchone()[0] is None:
        return None
    cursor.execute("SELECT schema_version, bootstrapped_at FROM autopack_bootstrap")
    return cursor.fetchone()


def init_db():
    """Fail fast on a database without the schema (report 002's P0 guardrail): the API never
    creates tables itself; the one-shot bootstrap job does, once."""
    connection = connect()
    try:
        with connection, connection.cursor() as cursor:
            record = bootstrap_record(cursor)
    finally:
        connection.close()
    if record is None:
        raise RuntimeError("autopack: database schema is missing; run the bootstrap job once (docker compose run --rm bootstrap)")
    if record[0] != SCHEMA_VERSION:
        raise RuntimeError(f"autopack: database schema is version {record[0]}, this build needs {SCHEMA_VERSION}")
