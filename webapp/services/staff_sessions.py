"""Staff sessions, apart from residents': a random token whose hash alone is stored.

As for residents (webapp/services/signin.py), last_seen is written at most once a minute, so a
plain GET writes nothing; the idle limit counts from the stored last_seen, so a session ends
idle at most one minute before the limit counted from its very last request."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlite_utils import Database

from webapp.services import audit
from webapp.services.accounts import Staff, iso, now_utc
from webapp.services.signin import needs_touch
from webapp.store import staff as store


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
        store.add_session(db, {
            "token_hash": _token_hash(token), "staff_id": staff.id, "created_at": iso(now),
            "last_seen": iso(now), "client_address": client_address[:64],
        })
    return token


def resume_session(db: Database, token: str, idle: timedelta,
                   now: datetime | None = None) -> Staff:
    """The staff member behind a live token, whose last request was within `idle`. Writes
    last_seen only when the stored one is a minute old or more."""
    now = now or now_utc()
    row = store.session_with_staff(db, _token_hash(token))
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
    if needs_touch(row["last_seen"], now):
        with db.atomic():
            store.touch_session(db, row["session_id"], iso(now))
    return Staff.from_row(row)


def end_session(db: Database, token: str, now: datetime | None = None) -> None:
    """Sign out: the token no longer opens a session."""
    with db.atomic():
        store.end_session(db, _token_hash(token), iso(now or now_utc()))
