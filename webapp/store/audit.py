"""SQL on the append-only audit log. Readers page it newest first by id (keyset), through the
(subject, id) or (actor, id) index of migration 0014 when they filter; nothing here counts the
log or reads it whole."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from webapp.store.engine import insert_row

_COLUMNS = "id, at, actor, action, subject, detail"


def insert(db: Database, row: dict) -> None:
    insert_row(db, "INSERT INTO audit_log", row)


def newest(db: Database, *, before: int | None, limit: int, subject: str | None = None,
           actor: str | None = None) -> list[sqlite3.Row]:
    """Up to `limit` entries below id `before` (all when None), newest first, of one subject
    and/or one actor when given."""
    where, params = [], []
    for column, value in (("subject", subject), ("actor", actor)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if before is not None:
        where.append("id < ?")
        params.append(before)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return db.execute(f"SELECT {_COLUMNS} FROM audit_log{clause} ORDER BY id DESC LIMIT ?",
                      [*params, limit]).fetchall()


def entries(db: Database, action: str, subject: str) -> list[dict]:
    """The log's entries of one action on one subject, newest first."""
    return [dict(r) for r in db.execute(
        "SELECT at, actor, detail FROM audit_log WHERE action = ? AND subject = ? ORDER BY id DESC",
        [action, subject])]
