"""Reminders, computed by a scheduled job; each is sent once, by an idempotency key made of
the reminder, its subject and its date, so running the job twice sends nothing twice."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from webapp.db import immediate
from webapp.sms import outbox
from webapp.submissions import FORM_NAMES

DRAFT_IDLE = timedelta(days=2)


@dataclass(frozen=True)
class Reminder:
    key: str  # unique per reminder, subject and date
    phone: str
    template: str
    params: dict
    submission_id: int | None = None


def unfinished_drafts(db: Database, config: dict, now: datetime) -> Iterator[Reminder]:
    """A draft left alone for 2 days: it is saved, and can be finished any time."""
    cutoff = (now - DRAFT_IDLE).isoformat(timespec="seconds")
    rows = db.query("SELECT s.id, s.form, s.updated_at, r.phone FROM submissions s "
                    "JOIN residents r ON r.id = s.resident_id "
                    "WHERE s.status = 'draft' AND s.updated_at <= ?", [cutoff])
    for row in rows:
        yield Reminder(f"draft_unfinished:{row['id']}:{row['updated_at'][:10]}", row["phone"],
                       "draft_unfinished", {"form_name": FORM_NAMES[row["form"]],
                                            "service": config["SERVICE_NAME"]}, row["id"])


# The case deadlines (public notice, home visit, periodic review, phase-out) join this list
# with the staff workflow that records them.
RULES: list[Callable[[Database, dict, datetime], Iterator[Reminder]]] = [unfinished_drafts]


def run(db: Database, config: dict, now: datetime | None = None) -> int:
    """Queue every reminder due now that was not queued before; return how many."""
    now = now or datetime.now(UTC)
    queued = 0
    for rule in RULES:
        for reminder in list(rule(db, config, now)):
            with immediate(db):
                reference = outbox.enqueue(
                    db, reminder.phone, reminder.template, reminder.params,
                    signature=config["SMS_SIGNATURE"], kind="reminder",
                    idempotency_key=reminder.key, submission_id=reminder.submission_id)
            queued += reference is not None
    return queued
