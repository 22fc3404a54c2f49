"""SQL on relapse monitoring's yearly lines per region and the income figures recorded on a
monitored case (migration 0037). Both append-only."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from webapp.store.engine import insert_row


def lines_of(db: Database, region_codes: list[str]) -> list[sqlite3.Row]:
    """Every line entered for these regions, the earliest entered first (a later entry for the
    same region and year supersedes an earlier one)."""
    if not region_codes:
        return []
    marks = ",".join("?" * len(region_codes))
    return db.execute(f"SELECT * FROM monitoring_lines WHERE region_code IN ({marks}) "
                      "ORDER BY region_code, year, id", region_codes).fetchall()


def add_line(db: Database, row: dict) -> int:
    return insert_row(db, "INSERT INTO monitoring_lines", row)


def incomes_of(db: Database, case_id: int, limit: int = 120) -> list[sqlite3.Row]:
    """The case's income figures, the earliest recorded first (at most the latest `limit`)."""
    rows = db.execute("SELECT * FROM monitoring_incomes WHERE case_id = ? "
                      "ORDER BY recorded_on DESC, id DESC LIMIT ?", [case_id, limit]).fetchall()
    return list(reversed(rows))


def add_income(db: Database, row: dict) -> int:
    return insert_row(db, "INSERT INTO monitoring_incomes", row)
