"""Official calendar years loaded by a county administrator, for years the chinesecalendar
package does not know yet (it ends with 2026)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlite_utils import Database

from webapp.services import audit, cases, deadline_moves
from webapp.store import cases as store
from webapp.store.engine import immediate


@dataclass(frozen=True)
class Loaded:
    year: int
    moved: int  # open cases whose deadline moved to another day


def load_year(db: Database, days: dict[date, bool], actor: str) -> Loaded:
    """Replace one year's days (as parsed by working_days.parse_year_csv), and count again the
    deadlines of the open cases that run through it."""
    year = next(iter(days)).year
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with immediate(db):
        before = cases.calendar(db)
        store.replace_calendar_year(db, year, days, actor, now)
        moved = deadline_moves.move_deadlines(db, year, before, cases.calendar(db), actor, now)
        audit.record(db, actor, "loaded_calendar_year", f"calendar:{year}",
                     working_days=sum(days.values()), deadlines_moved=moved)
    return Loaded(year, moved)


def loaded_years(db: Database) -> list[dict]:
    return store.calendar_years(db)
