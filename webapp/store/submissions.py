"""SQL on forms as residents fill and sign them: submissions and their drafts' held posts,
signatures and letter texts, corrections, idempotency keys, consent codes and assistance
consents."""

from __future__ import annotations

from sqlite_utils import Database

# Drafts for the village assistant's page

_VILLAGE_OF_DRAFT = ("COALESCE(json_extract(s.answers, '$.residence.village'), "
                     "json_extract(s.answers, '$.declarant.village'), "
                     "r.village_code)")


def village_drafts(db: Database, village_code: str, limit: int) -> list[dict]:
    """A village's unfinished drafts, last saved first, at most `limit`: along the (status,
    updated_at) index, so only drafts are read."""
    rows = db.execute(
        "SELECT s.id, s.form, s.updated_at, s.filled_by, s.answers, r.phone, r.village_code, "
        "t.name AS filled_by_name FROM submissions s JOIN residents r ON r.id = s.resident_id "
        "LEFT JOIN staff t ON t.id = s.filled_by "
        f"WHERE s.status = 'draft' AND {_VILLAGE_OF_DRAFT} = ? ORDER BY s.updated_at DESC LIMIT ?",
        [village_code, limit]).fetchall()
    return [dict(r) for r in rows]
