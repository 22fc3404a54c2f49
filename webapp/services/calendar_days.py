"""Official calendar years loaded by a county administrator, for years the chinesecalendar
package does not know yet (it ends with 2026)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlite_utils import Database

from webapp.services import audit
from webapp.store import cases as store
from webapp.store.engine import immediate


def load_year(db: Database, days: dict[date, bool], actor: str) -> int:
    """Replace one year's days (as parsed by working_days.parse_year_csv); return the year."""
    year = next(iter(days)).year
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with immediate(db):
        store.replace_calendar_year(db, year, days, actor, now)
        audit.record(db, actor, "loaded_calendar_year", f"calendar:{year}",
                     working_days=sum(days.values()))
    return year


def loaded_years(db: Database) -> list[dict]:
    return store.calendar_years(db)
