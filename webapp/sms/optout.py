"""Opting out of reminders: by SMS reply where the provider carries replies, on the status
page, or by the village assistant."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlite_utils import Database

from webapp.services import audit


def opt_out(db: Database, phone: str, source: str) -> None:
    """Stop reminders to a number (call inside the caller's transaction or alone)."""
    with db.atomic():
        db["opt_outs"].upsert({"phone": phone, "source": source,
                               "opted_out_at": datetime.now(UTC).isoformat(timespec="seconds")},
                              pk="phone")
        audit.record(db, source, "sms_opt_out", "phone")


def opt_in(db: Database, phone: str, source: str) -> None:
    with db.atomic():
        db.execute("DELETE FROM opt_outs WHERE phone = ?", [phone])
        audit.record(db, source, "sms_opt_in", "phone")


def is_opted_out(db: Database, phone: str) -> bool:
    return db.execute("SELECT 1 FROM opt_outs WHERE phone = ?", [phone]).fetchone() is not None
