"""SQL on the append-only audit log."""

from __future__ import annotations

from sqlite_utils import Database


def entries(db: Database, action: str, subject: str) -> list[dict]:
    """The log's entries of one action on one subject, newest first."""
    return [dict(r) for r in db.execute(
        "SELECT at, actor, detail FROM audit_log WHERE action = ? AND subject = ? ORDER BY id DESC",
        [action, subject])]
