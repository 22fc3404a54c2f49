"""SQL on the region table: counties, townships and villages."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

_COLUMNS = "code, name, level, parent_code"


def codes(db: Database) -> set[str]:
    """Every region code known (for checking a file's parents before an import)."""
    return {row[0] for row in db.execute("SELECT code FROM regions")}


def upsert_all(db: Database, rows: list[dict]) -> None:
    db["regions"].upsert_all(rows, pk="code")


def is_empty(db: Database) -> bool:
    return db.execute("SELECT 1 FROM regions LIMIT 1").fetchone() is None


def get(db: Database, code: str) -> sqlite3.Row | None:
    return db.execute(f"SELECT {_COLUMNS} FROM regions WHERE code = ?", [code]).fetchone()


def children(db: Database, parent_code: str | None, level: str) -> list[sqlite3.Row]:
    """The regions of a level below a parent (every one of the level when no parent), by code."""
    if parent_code is None:
        return db.execute(f"SELECT {_COLUMNS} FROM regions WHERE level = ? ORDER BY code",
                          [level]).fetchall()
    return db.execute(f"SELECT {_COLUMNS} FROM regions WHERE level = ? AND parent_code = ? "
                      "ORDER BY code", [level, parent_code]).fetchall()


def parent_of(db: Database, code: str) -> tuple[bool, str | None]:
    """(whether the region exists, its parent's code)."""
    row = db.execute("SELECT parent_code FROM regions WHERE code = ?", [code]).fetchone()
    return (False, None) if row is None else (True, row[0])


def within(db: Database, region_code: str) -> list[dict]:
    """The region and every region below it (three levels at most), each with its level, by
    code: a walk down the parent index from one region, never over the whole table."""
    return [dict(r) for r in db.execute("""
        WITH RECURSIVE covered(code, depth) AS (
            SELECT code, 0 FROM regions WHERE code = :region
            UNION ALL
            SELECT r.code, c.depth + 1 FROM regions r JOIN covered c ON r.parent_code = c.code
            WHERE c.depth < 3
        )
        SELECT r.code, r.name, r.level, r.parent_code FROM regions r JOIN covered c
        ON c.code = r.code ORDER BY r.code""", {"region": region_code})]
