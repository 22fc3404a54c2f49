"""Deadlines that move when a county administrator loads a year's official calendar (issue 12):
every open case whose working-day deadline is counted through that year is counted again — from
the same start, for the same number of working days — on the calendar with the year loaded. A
deadline that moves is saved with an event naming the old and the new day, which the case page
and the resident's timeline show; one that stays only loses its "guessed" warning."""

from __future__ import annotations

from datetime import date, datetime

from sqlite_utils import Database

from webapp.domain import case_machine as machine
from webapp.domain.working_days import WorkingCalendar
from webapp.services.cases import BEIJING
from webapp.store import cases as store
from webapp.web.i18n import _

ACTION = "move_deadline"


def move_deadlines(db: Database, year: int, before: WorkingCalendar, after: WorkingCalendar,
                   actor: str, at: str) -> int:
    """Count the deadlines through `year` again; call inside the load's transaction. Returns how
    many cases' deadlines moved to another day."""
    moved = 0
    for row in store.deadlines_through(db, f"{year:04d}-01-01", f"{year:04d}-12-31"):
        start = _start(db, row)
        due = date.fromisoformat(row["due_on"])
        if start is None or due < start:
            continue
        counted = after.add_working_days(start, before.working_days_left(start, due))
        if counted.due == due and counted.fallback_used == bool(row["due_fallback"]):
            continue
        store.set_deadline(db, row["id"], counted.due.isoformat(), counted.fallback_used)
        if counted.due != due:
            moved += 1
            store.add_event(db, row["id"], at=at, actor=actor, action=ACTION,
                            from_state=row["state"], to_state=row["state"],
                            reason=_("载入 %(year)d 年的日历：办理期限由 %(was)s 改为 %(due)s") % {
                                "year": year, "was": due.isoformat(), "due": counted.due.isoformat()},
                            detail={"due_on": counted.due.isoformat(),
                                    "was_due_on": due.isoformat(), "year": str(year)})
    return moved


def _start(db: Database, row: dict) -> date | None:
    """The day the deadline is counted from: acceptance, or for a first-aid explanation the day
    the first aid was recorded (webapp/services/aid_steps.py)."""
    if machine.deadline_kind(row["machine"], row["state"]) != machine.EXPLANATION_DEADLINE:
        return date.fromisoformat(row["accepted_on"])
    recorded = store.last_event_at(db, row["id"], "give_first_aid")
    if recorded is None:
        return None
    return datetime.fromisoformat(recorded).astimezone(BEIJING).date()
