"""The SQLite database: one connection per request, migrations from migrations/."""

from __future__ import annotations

import importlib.util
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app, g
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def connect(path: str) -> Database:
    """Open the database with the pragmas every connection needs."""
    conn = sqlite3.connect(path, timeout=15, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    db = Database(conn)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=15000")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """A write transaction that takes the write lock first, for read-then-write work
    (a deferred one could fail when another writer commits between the read and the write)."""
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    else:
        db.conn.commit()


def get_db() -> Database:
    """The request's connection, opened on first use."""
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def migration_set() -> Migrations:
    """Every numbered file in migrations/, in order, as one migration set."""
    migrations = Migrations("doudi")
    for path in sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py")):
        spec = importlib.util.spec_from_file_location(f"doudi_migration_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        migrations(name=path.stem)(module.migrate)
    return migrations


def migrate(path: str) -> list[str]:
    """Apply pending migrations; return the names applied."""
    db = connect(path)
    try:
        migrations = migration_set()
        pending = [m.name for m in migrations.pending(db)]
        migrations.apply(db)
        return pending
    finally:
        db.close()


def init_app(app: Flask) -> None:
    """Migrate at start-up and close the connection after each request."""
    migrate(app.config["DATABASE"])
    app.teardown_appcontext(close_db)
