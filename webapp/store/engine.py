"""The SQLite database: one connection per thread and file, reused across requests, and
migrations from migrations/."""

from __future__ import annotations

import atexit
import importlib.util
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app, g
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
PER_THREAD = 4  # files one thread keeps open (tests make many apps, each with its own file)
_POOL: dict[tuple[threading.Thread, str], Database] = {}
_POOL_LOCK = threading.Lock()


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
    """The request's connection: this thread's for the app's file, opened on first use."""
    if "db" not in g:
        g.db = pooled(current_app.config["DATABASE"])
    return g.db


def pooled(path: str) -> Database:
    """This thread's open connection to the file at path, opened (pragmas and all) only once."""
    key = (threading.current_thread(), path)
    with _POOL_LOCK:
        db = _POOL.pop(key, None)
        if db is not None:
            _POOL[key] = db  # last used goes last
            return db
    db = connect(path)
    with _POOL_LOCK:
        _POOL[key] = db
        stale = _take_stale(key[0])
    for old in stale:
        old.close()
    return db


def _take_stale(thread: threading.Thread) -> list[Database]:
    """Out of the pool (its lock held): connections of finished threads, and this thread's
    beyond the PER_THREAD used last."""
    keys = [key for key in _POOL if not key[0].is_alive()]
    keys += [key for key in _POOL if key[0] is thread][:-PER_THREAD]
    return [_POOL.pop(key) for key in keys]


def release_db(_exc: BaseException | None = None) -> None:
    """End of a request: the connection stays open for the next one, but never inside a
    transaction that a failed request left behind."""
    db = g.pop("db", None)
    if db is not None and db.conn.in_transaction:
        db.conn.rollback()


def close_all() -> None:
    """Close every pooled connection (at exit: WAL checkpointed, -wal and -shm removed)."""
    with _POOL_LOCK:
        dbs = list(_POOL.values())
        _POOL.clear()
    for db in dbs:
        try:
            db.close()
        except sqlite3.Error:
            pass


atexit.register(close_all)


def insert_row(db: Database, into: str, columns: dict) -> int:
    """`into` ("INSERT INTO <table>", written in the table's owner module) the columns given;
    the new row's id. Plain SQL: sqlite-utils' table API reads sqlite_master three times per
    insert, which a form's submission or a step of a case would pay for every row it adds."""
    names = ", ".join(columns)
    marks = ", ".join("?" * len(columns))
    return db.execute(f"{into} ({names}) VALUES ({marks})", list(columns.values())).lastrowid


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
    """Migrate at start-up; after each request, hand the connection back clean."""
    migrate(app.config["DATABASE"])
    app.teardown_appcontext(release_db)
