"""SQL on the township's findings (migration 0035): append one recording, read the latest of
each kind for a case along the (case_id, kind, id) index."""

from __future__ import annotations

import json

from sqlite_utils import Database


def add(db: Database, case_id: int, kind: str, *, at: str, actor: str, data: dict) -> int:
    """Append one recording; its id."""
    cursor = db.execute("INSERT INTO case_findings (case_id, kind, recorded_at, actor, data) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [case_id, kind, at, actor, json.dumps(data, ensure_ascii=False)])
    return cursor.lastrowid


def latest(db: Database, case_id: int, kinds: tuple[str, ...]) -> dict[str, dict]:
    """The latest recording of each of the kinds the case has: kind -> row with its data decoded."""
    found = {}
    for kind in kinds:
        row = db.execute("SELECT * FROM case_findings WHERE case_id = ? AND kind = ? "
                         "ORDER BY id DESC LIMIT 1", [case_id, kind]).fetchone()
        if row:
            found[kind] = {**dict(row), "data": json.loads(row["data"])}
    return found
