"""SQL on persons: each ID number bound to one name (migrations/0025_persons.py), read and
written by webapp/services/persons.py."""

from __future__ import annotations

from sqlite_utils import Database


def bindings(db: Database, id_numbers: list[str]) -> dict[str, tuple[str, str]]:
    """The name each of these ID numbers is bound to and what bound it (those bound), by
    primary key."""
    if not id_numbers:
        return {}
    marks = ", ".join("?" * len(id_numbers))
    return {row[0]: (row[1], row[2]) for row in db.execute(
        f"SELECT id_number, name, bound_by FROM persons WHERE id_number IN ({marks})", id_numbers)}


def bind(db: Database, id_number: str, name: str, at: str, by: str) -> None:
    """Bind an ID number to a name, unless it is bound already (the first name stays)."""
    db.execute("INSERT OR IGNORE INTO persons (id_number, name, bound_at, bound_by) "
               "VALUES (?, ?, ?, ?)", [id_number, name, at, by])


def rebind(db: Database, id_number: str, name: str, at: str, by: str) -> None:
    """Staff corrected the name: bind the ID number to it, bound before or not."""
    db.execute("INSERT INTO persons (id_number, name, bound_at, bound_by, corrected_at, corrected_by) "
               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id_number) DO UPDATE SET "
               "name = excluded.name, corrected_at = excluded.corrected_at, "
               "corrected_by = excluded.corrected_by", [id_number, name, at, by, at, by])
