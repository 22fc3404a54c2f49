"""SQL on staff accounts and staff sessions."""

from __future__ import annotations

# --- names on forms filled on behalf and in the household file --------------------------------

def names_of(db, staff_ids: list[int]) -> dict[int, str]:
    """Staff names by id."""
    if not staff_ids:
        return {}
    marks = ", ".join("?" * len(staff_ids))
    return {r[0]: r[1] for r in db.execute(f"SELECT id, name FROM staff WHERE id IN ({marks})",
                                           list(staff_ids))}


def name_and_role(db, staff_id: str | int):
    """A staff member's name and role, or None."""
    return db.execute("SELECT name, role FROM staff WHERE id = ?", [staff_id]).fetchone()
