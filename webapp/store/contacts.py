"""SQL on region_contacts: each county's and township's office, phone, hotline, address, hours
(migrations/0030_region_contacts.py)."""

from __future__ import annotations

from sqlite_utils import Database

_COLUMNS = ("office_name", "phone", "hotline", "address", "hours")


def of_regions(db: Database, codes: list[str]) -> dict[str, dict]:
    """The contacts filled in for these regions, by region code (a region without: absent)."""
    if not codes:
        return {}
    marks = ", ".join("?" * len(codes))
    rows = db.execute(f"SELECT region_code, {', '.join(_COLUMNS)} FROM region_contacts "
                      f"WHERE region_code IN ({marks})", codes).fetchall()
    return {r["region_code"]: {c: r[c] for c in _COLUMNS} for r in rows}


def save(db: Database, region_code: str, values: dict, updated_at: str, updated_by: str) -> None:
    """Write a region's contacts (all five columns), replacing what was there."""
    row = {"region_code": region_code, **{c: values.get(c, "") for c in _COLUMNS},
           "updated_at": updated_at, "updated_by": updated_by}
    names = ", ".join(row)
    marks = ", ".join("?" * len(row))
    updates = ", ".join(f"{c} = excluded.{c}" for c in row if c != "region_code")
    db.execute(f"INSERT INTO region_contacts ({names}) VALUES ({marks}) "
               f"ON CONFLICT (region_code) DO UPDATE SET {updates}", list(row.values()))
