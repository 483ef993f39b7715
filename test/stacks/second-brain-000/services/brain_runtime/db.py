"""Database connection settings shared by the app and the migration job."""
import os
import re
from pathlib import Path

import psycopg2

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def connect():
    return psycopg2.connect(
        host=os.environ.get("POSTGRES_HOST", "postgres"),
        port=int(os.environ.get("POSTGRES_PORT", "5432")),
        user=os.environ["POSTGRES_USER"],
        password=os.environ["POSTGRES_PASSWORD"],
        dbname=os.environ["POSTGRES_DB"],
        connect_timeout=5,
    )


def migration_files():
    """The numbered migrations in order; a file that does not follow NNN_name.sql is an error,
    so a typo cannot silently skip a migration."""
    files = sorted(MIGRATIONS_DIR.glob("*.sql"))
    for path in files:
        if not MIGRATION_NAME.match(path.name):
            raise SystemExit(f"migration file {path.name} is not named NNN_description.sql")
    return files


def latest_version():
    return migration_files()[-1].name.split("_", 1)[0]
