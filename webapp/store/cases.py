"""SQL on cases: the case rows and their append-only events, objections, responsible officials,
the county settings and the loaded calendar days. Lists are paged here, with counts from
indexed queries."""

from __future__ import annotations

# --- for corrections (webapp/services/corrections.py) -----------------------------------------

def last_event_id(db, case_id: int) -> int | None:
    """The id of a case's newest event."""
    return db.execute("SELECT MAX(id) FROM case_events WHERE case_id = ?", [case_id]).fetchone()[0]


def move_to_village(db, case_id: int, village_code: str) -> None:
    """A correction moved the applicant to another village of the same township."""
    db.execute("UPDATE cases SET village_code = ? WHERE id = ?", [village_code, case_id])


def copy_applicant(db, case_id: int, name: str | None, id_number: str | None) -> None:
    """Keep the case's copies of the applicant's name and ID number (upper case) in step with
    corrected answers; call in the correction's transaction."""
    db.execute("UPDATE cases SET applicant_name = ?, applicant_id_number = ? WHERE id = ?",
               [name, (id_number or "").upper() or None, case_id])
