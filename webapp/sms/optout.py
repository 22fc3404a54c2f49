"""Opting out of reminders: by SMS reply where the provider carries replies, on the status
page, or by the village assistant."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlite_utils import Database

from webapp.services import audit
from webapp.store import outbox as store


def opt_out(db: Database, phone: str, source: str) -> None:
    """Stop reminders to a number (call inside the caller's transaction or alone)."""
    with db.atomic():
        store.save_opt_out(db, phone, source, datetime.now(UTC).isoformat(timespec="seconds"))
        audit.record(db, source, "sms_opt_out", "phone")


def opt_in(db: Database, phone: str, source: str) -> None:
    """Send reminders to a number again."""
    with db.atomic():
        store.delete_opt_out(db, phone)
        audit.record(db, source, "sms_opt_in", "phone")


def is_opted_out(db: Database, phone: str) -> bool:
    return store.opt_out_of(db, phone) is not None
