"""Staff sessions, apart from residents': a random token whose hash alone is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlite_utils import Database

from webapp.services import audit
from webapp.staff.accounts import Staff, iso, now_utc


class SessionEnded(Exception):
    """The token has no live session: unknown, signed out, idle too long, or account stopped.
    `idle` says it ended just now for want of activity."""

    def __init__(self, idle: bool = False):
        super().__init__("idle" if idle else "ended")
        self.idle = idle


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(db: Database, staff: Staff, client_address: str,
                  now: datetime | None = None) -> str:
    """A fresh random token for a staff member who has just signed in."""
    now = now or now_utc()
    token = secrets.token_urlsafe(32)
    with db.atomic():
        db["staff_sessions"].insert({
            "token_hash": _token_hash(token), "staff_id": staff.id, "created_at": iso(now),
            "last_seen": iso(now), "client_address": client_address[:64],
        })
    return token


def resume_session(db: Database, token: str, idle: timedelta,
                   now: datetime | None = None) -> Staff:
    """The staff member behind a live token, whose last request was within `idle`."""
    now = now or now_utc()
    row = db.execute(
        "SELECT s.id AS session_id, s.last_seen, s.ended_at, t.* FROM staff_sessions s "
        "JOIN staff t ON t.id = s.staff_id WHERE s.token_hash = ?", [_token_hash(token)],
    ).fetchone()
    if row is None or row["ended_at"]:
        raise SessionEnded()
    if not row["active"]:
        end_session(db, token, now)
        raise SessionEnded()
    if datetime.fromisoformat(row["last_seen"]) + idle <= now:
        end_session(db, token, now)
        with db.atomic():
            audit.record(db, f"staff:{row['id']}", "staff_session_idle", f"staff:{row['id']}")
        raise SessionEnded(idle=True)
    with db.atomic():
        db.execute("UPDATE staff_sessions SET last_seen = ? WHERE id = ?",
                   [iso(now), row["session_id"]])
    return Staff.from_row(row)


def end_session(db: Database, token: str, now: datetime | None = None) -> None:
    with db.atomic():
        db.execute("UPDATE staff_sessions SET ended_at = ? WHERE token_hash = ? "
                   "AND ended_at IS NULL", [iso(now or now_utc()), _token_hash(token)])
