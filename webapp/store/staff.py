"""SQL on staff accounts and their sessions."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from webapp.store.engine import insert_row

# --- accounts -------------------------------------------------------------------------------

def get(db: Database, staff_id: int) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM staff WHERE id = ?", [staff_id]).fetchone()


def by_username(db: Database, username: str) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM staff WHERE username = ?", [username]).fetchone()


def insert(db: Database, row: dict) -> int:
    return int(db["staff"].insert(row).last_pk)


def update(db: Database, staff_id: int, changes: dict) -> None:
    db["staff"].update(staff_id, changes)


def in_regions(db: Database, region_codes: list[str]) -> list[sqlite3.Row]:
    """Accounts bound to any of these regions (id, name, role), by name."""
    if not region_codes:
        return []
    marks = ", ".join("?" * len(region_codes))
    return db.execute(f"SELECT id, name, role FROM staff WHERE region_code IN ({marks}) "
                      "ORDER BY name, id", region_codes).fetchall()


def published_assistants(db: Database, village_code: str) -> list[sqlite3.Row]:
    """The active village assistants of a village who published a number (name, public_phone),
    by name: what the residents' footer shows (issue 11)."""
    return db.execute("SELECT name, public_phone FROM staff WHERE region_code = ? AND "
                      "role = 'assistant' AND public_phone != '' AND active = 1 "
                      "ORDER BY name, id", [village_code]).fetchall()


def names(db: Database, staff_ids: list[int]) -> dict[int, str]:
    """The names of these accounts, by id."""
    if not staff_ids:
        return {}
    marks = ", ".join("?" * len(staff_ids))
    return {r[0]: r[1] for r in db.execute(f"SELECT id, name FROM staff WHERE id IN ({marks})",
                                           staff_ids)}


# --- sessions -------------------------------------------------------------------------------

def add_session(db: Database, row: dict) -> None:
    insert_row(db, "INSERT INTO staff_sessions", row)


def session_with_staff(db: Database, token_hash: str) -> sqlite3.Row | None:
    """The session of a token (session_id, last_seen, ended_at) with its account's columns."""
    return db.execute(
        "SELECT s.id AS session_id, s.last_seen, s.ended_at, t.* FROM staff_sessions s "
        "JOIN staff t ON t.id = s.staff_id WHERE s.token_hash = ?", [token_hash]).fetchone()


def touch_session(db: Database, session_id: int, at: str) -> None:
    db.execute("UPDATE staff_sessions SET last_seen = ? WHERE id = ?", [at, session_id])


def end_session(db: Database, token_hash: str, at: str) -> None:
    db.execute("UPDATE staff_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL",
               [at, token_hash])


def active_in(db: Database, roles_by_region: dict[str, str]) -> list[dict]:
    """Active staff holding one of the roles in its region (role -> region code), township
    reviewers first, then by name."""
    where = " OR ".join("(role = ? AND region_code = ?)" for _role in roles_by_region)
    params = [value for pair in roles_by_region.items() for value in pair]
    return [dict(r) for r in db.execute(
        f"SELECT id, name, role FROM staff WHERE active = 1 AND ({where}) ORDER BY role DESC, name, id",
        params)]


def name_and_role(db: Database, staff_id: str | int) -> sqlite3.Row | None:
    """A staff member's name and role, or None."""
    return db.execute("SELECT name, role FROM staff WHERE id = ?", [staff_id]).fetchone()
