"""SQL on policy parameters: versions per region and period, never changed once stored."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

# A version, the version that superseded it (if any) and the name of who entered it.
_SELECT = """
    SELECT p.*, s.id AS superseded_by, st.name AS entered_by_name
    FROM policy_parameters p
    LEFT JOIN policy_parameters s ON s.supersedes = p.id
    LEFT JOIN staff st ON 'staff:' || st.id = p.entered_by"""


def get(db: Database, version_id: int) -> sqlite3.Row | None:
    return db.execute(_SELECT + " WHERE p.id = ?", [version_id]).fetchone()


def of_region(db: Database, region_code: str) -> list[sqlite3.Row]:
    """Every version of a region's sets, the latest entered first."""
    return db.execute(_SELECT + " WHERE p.region_code = ? ORDER BY p.id DESC",
                      [region_code]).fetchall()


def of_regions(db: Database, region_codes: list[str]) -> list[sqlite3.Row]:
    """Every version of these regions' sets, the earliest entered first."""
    marks = ",".join("?" * len(region_codes))
    return db.execute(_SELECT + f" WHERE p.region_code IN ({marks}) ORDER BY p.id",
                      region_codes).fetchall()


def insert(db: Database, row: dict) -> int:
    return int(db["policy_parameters"].insert(row).last_pk)
