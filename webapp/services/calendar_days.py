"""Official calendar years loaded by a county administrator, for years the chinesecalendar
package does not know yet (it ends with 2026)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlite_utils import Database

from webapp.services import audit
from webapp.store.engine import immediate


def load_year(db: Database, days: dict[date, bool], actor: str) -> int:
    """Replace one year's days (as parsed by working_days.parse_year_csv); return the year."""
    year = next(iter(days)).year
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with immediate(db):
        db.execute("DELETE FROM calendar_days WHERE day LIKE ?", [f"{year}-%"])
        db["calendar_days"].insert_all(
            [{"day": d.isoformat(), "working": int(w), "loaded_by": actor, "loaded_at": now}
             for d, w in sorted(days.items())])
        audit.record(db, actor, "loaded_calendar_year", f"calendar:{year}",
                     working_days=sum(days.values()))
    return year


def loaded_years(db: Database) -> list[dict]:
    return list(db.query(
        "SELECT substr(day, 1, 4) AS year, SUM(working) AS working_days, COUNT(*) AS days, "
        "MAX(loaded_by) AS loaded_by, MAX(loaded_at) AS loaded_at FROM calendar_days "
        "GROUP BY year ORDER BY year"))
