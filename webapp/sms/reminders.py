"""Reminders, computed by a scheduled job; each is sent once, by an idempotency key made of
the reminder, its subject and its date, so running the job twice sends nothing twice."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlite_utils import Database

from webapp.domain import case_machine as machine
from webapp.services import cases
from webapp.services.submissions import FORM_NAMES
from webapp.sms import outbox
from webapp.store import cases as case_store
from webapp.store import change_reports as change_store
from webapp.store import submissions as submission_store
from webapp.store.engine import immediate

DRAFT_IDLE = timedelta(days=2)
# How long before a periodic review or the end of a phase-out the household hears of it.
REVIEW_DUE_AHEAD = timedelta(days=14)
PHASE_OUT_ENDING_AHEAD = timedelta(days=14)


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
    for row in submission_store.idle_drafts(db, cutoff):
        yield Reminder(f"draft_unfinished:{row['id']}:{row['updated_at'][:10]}", row["phone"],
                       "draft_unfinished", {"form_name": FORM_NAMES[row["form"]],
                                            "service": config["SERVICE_NAME"]}, row["id"])


# --- Cases: dates are Beijing days (cases.today()), so a reminder goes out on the right day
# wherever the server runs. A day-specific reminder is sent only on its day; one that stays
# true for a while (a review coming due) is sent once within its window, even by a late run.

def _day(now: datetime) -> date:
    return now.astimezone(cases.BEIJING).date()


def _reminder(name: str, row: dict, on: str, params: dict) -> Reminder:
    return Reminder(f"{name}:{row['id']}:{on}", row["phone"], name, params, row["submission_id"])


def notice_starts(db: Database, config: dict, now: datetime) -> Iterator[Reminder]:
    """On the public notice's first day, when it was posted before that day (posted the same
    day, the notice_posted message has just said so)."""
    day = _day(now)
    today = day.isoformat()
    for row in case_store.notices_starting(db, today):
        yield _reminder("notice_starts", row, today, {"start": cases.month_day(today, day),
                                                      "end": cases.month_day(row["notice_end"], day)})


def notice_ends(db: Database, config: dict, now: datetime) -> Iterator[Reminder]:
    """On the public notice's last day (not the day before: an objection may still come that
    day, and the message says what happens next)."""
    day = _day(now)
    today = day.isoformat()
    for row in case_store.notices_ending(db, today):
        yield _reminder("notice_ends", row, today, {"end": cases.month_day(today, day)})


def visit_tomorrow(db: Database, config: dict, now: datetime) -> Iterator[Reminder]:
    """The day before a booked home visit, unless it was booked (or rebooked) that same day."""
    today = _day(now)
    tomorrow = (today + timedelta(days=1)).isoformat()
    for row in case_store.visits_on(db, tomorrow, booked_before=today.isoformat()):
        yield _reminder("visit_tomorrow", row, tomorrow, {"date": cases.month_day(tomorrow, today)})


def report_changes(db: Database, config: dict, now: datetime) -> Iterator[Reminder]:
    """Every 3 months after confirmation, recipients are asked to report changes (RULES.md
    "Honest reporting"); keyed by the quarter's number, so each quarter sends once."""
    today = _day(now)
    for row in case_store.receiving_confirmed(db):
        quarter = machine.report_quarter(date.fromisoformat(row["confirmed_on"]), today)
        if quarter > 0:
            yield _reminder("report_changes", row, f"q{quarter}", {})


def review_due(db: Database, config: dict, now: datetime) -> Iterator[Reminder]:
    """A periodic review coming due within REVIEW_DUE_AHEAD."""
    today = _day(now)
    for row in case_store.reviews_due_between(db, today.isoformat(),
                                              (today + REVIEW_DUE_AHEAD).isoformat()):
        yield _reminder("review_due", row, row["review_due_on"],
                        {"date": cases.month_day(row["review_due_on"], today)})


def review_after_change(db: Database, config: dict, now: datetime) -> Iterator[Reminder]:
    """A review a change report brought forward (a death: 000… 一(三)), in phase-out too, coming
    due within REVIEW_DUE_AHEAD; keyed as review_due is, so a household hears of a review once."""
    today = _day(now)
    for row in change_store.reviews_due_between(db, today.isoformat(),
                                                (today + REVIEW_DUE_AHEAD).isoformat()):
        yield _reminder("review_due", row, row["review_due_on"],
                        {"date": cases.month_day(row["review_due_on"], today)})


def phase_out_ending(db: Database, config: dict, now: datetime) -> Iterator[Reminder]:
    """A phase-out ending within PHASE_OUT_ENDING_AHEAD."""
    today = _day(now)
    for row in case_store.phase_outs_ending_between(db, today.isoformat(),
                                                    (today + PHASE_OUT_ENDING_AHEAD).isoformat()):
        yield _reminder("phase_out_ending", row, row["phase_out_until"],
                        {"date": cases.month_day(row["phase_out_until"], today)})


RULES: list[Callable[[Database, dict, datetime], Iterator[Reminder]]] = [
    unfinished_drafts, notice_starts, notice_ends, visit_tomorrow, report_changes, review_due,
    phase_out_ending,
    review_after_change,
]


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
