"""SQL on residents, their sessions and their sign-in codes."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from sqlite_utils import Database

from webapp.store.engine import insert_row

CODE_COLUMNS = ("phone", "client_address")  # what the sending limits count by


# --- sign-in codes --------------------------------------------------------------------------

def code_times(db: Database, column: str, value: str, since: str) -> list[datetime]:
    """When codes were sent to a number (or asked for from an address) after `since`."""
    assert column in CODE_COLUMNS
    rows = db.execute(f"SELECT created_at FROM sign_in_codes WHERE {column} = ? AND created_at > ?",
                      [value, since])
    return [datetime.fromisoformat(r[0]) for r in rows]


def add_code(db: Database, row: dict) -> None:
    insert_row(db, "INSERT INTO sign_in_codes", row)


def latest_code(db: Database, phone: str) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM sign_in_codes WHERE phone = ? ORDER BY id DESC LIMIT 1",
                      [phone]).fetchone()


def code_tries(db: Database, code_id: int, tries: int) -> None:
    db.execute("UPDATE sign_in_codes SET wrong_tries = ? WHERE id = ?", [tries, code_id])


def code_used(db: Database, code_id: int, at: str) -> None:
    db.execute("UPDATE sign_in_codes SET used_at = ? WHERE id = ?", [at, code_id])


# --- residents ------------------------------------------------------------------------------

def id_for_phone(db: Database, phone: str) -> int | None:
    row = db.execute("SELECT id FROM residents WHERE phone = ?", [phone]).fetchone()
    return row[0] if row else None


def add(db: Database, phone: str, created_at: str) -> int:
    return insert_row(db, "INSERT INTO residents", {"phone": phone, "created_at": created_at})


def phone_of(db: Database, resident_id: int) -> str:
    return db.execute("SELECT phone FROM residents WHERE id = ?", [resident_id]).fetchone()[0]


# --- sessions -------------------------------------------------------------------------------

def add_session(db: Database, row: dict) -> None:
    insert_row(db, "INSERT INTO resident_sessions", row)


def session(db: Database, token_hash: str) -> sqlite3.Row | None:
    return db.execute("SELECT id, resident_id, last_seen, ended_at FROM resident_sessions "
                      "WHERE token_hash = ?", [token_hash]).fetchone()


def touch_session(db: Database, session_id: int, at: str) -> None:
    db.execute("UPDATE resident_sessions SET last_seen = ? WHERE id = ?", [at, session_id])


def end_session(db: Database, token_hash: str, at: str) -> None:
    db.execute("UPDATE resident_sessions SET ended_at = ? WHERE token_hash = ? "
               "AND ended_at IS NULL", [at, token_hash])
# --- residents registered by a village assistant (webapp/services/on_behalf.py) ---------------

def registered_by_phone(db, phone: str):
    """The resident with this phone: id and ID number."""
    return db.execute("SELECT id, id_number FROM residents WHERE phone = ?", [phone]).fetchone()


def registered_in_village(db, village_code: str, id_number: str):
    """The resident registered in a village with this ID number: id and phone."""
    return db.execute("SELECT id, phone FROM residents WHERE village_code = ? AND id_number = ?",
                      [village_code, id_number]).fetchone()


def give_phone(db, resident_id: int, phone: str) -> None:
    db.execute("UPDATE residents SET phone = ? WHERE id = ?", [phone, resident_id])


def register(db, columns: dict) -> int:
    """A resident registered by an assistant; the new id."""
    return insert_row(db, "INSERT INTO residents", columns)


def registered_phone(db, resident_id: int) -> str | None:
    row = db.execute("SELECT phone FROM residents WHERE id = ?", [resident_id]).fetchone()
    return row[0] if row and row[0] else None


def settle_in_village(db, resident_id: int, village_code: str) -> None:
    """A resident with no village yet belongs to this one (the assistant's they consented to)."""
    db.execute("UPDATE residents SET village_code = ? WHERE id = ? AND village_code IS NULL",
               [village_code, resident_id])


def village_of(db, resident_id: int, answer_paths: list[str]) -> str | None:
    """The village a resident belongs to (issue 11's footer): the one their account was
    registered in, else that of their newest form with a village — its case's, or its answers'
    at one of `answer_paths` (JSON paths such as '$.residence.village')."""
    answers = ", ".join("json_extract(s.answers, ?)" for _path in answer_paths) or "NULL"
    row = db.execute(
        f"SELECT COALESCE(r.village_code, (SELECT v FROM (SELECT s.id, COALESCE(c.village_code, "
        f"{answers}) AS v FROM submissions s LEFT JOIN cases c ON c.submission_id = s.id "
        f"WHERE s.resident_id = ?) WHERE v IS NOT NULL ORDER BY id DESC LIMIT 1)) "
        f"FROM residents r WHERE r.id = ?", [*answer_paths, resident_id, resident_id]).fetchone()
    return row[0] if row else None


def sign_in_codes_to_phone(db, phone: str, since: str) -> list[str]:
    """When sign-in codes went to a phone since a moment (the consent codes' limits count them)."""
    return [r[0] for r in db.execute("SELECT created_at FROM sign_in_codes WHERE phone = ? "
                                     "AND created_at > ?", [phone, since])]
