"""SQL on form_steps (migrations/0032_form_metrics.py): a page saved, and the counts the county
administrator's form metrics page reads — grouped queries along idx_form_steps_step and
idx_form_steps_draft, never a row per draft into Python."""

from __future__ import annotations

from sqlite_utils import Database


def add(db: Database, draft_key: str, form: str, step: str, saved_at: str, seconds: int) -> None:
    """The first save of this page of this draft (a later save of the same page adds nothing)."""
    db.execute("INSERT OR IGNORE INTO form_steps (draft_key, form, step, saved_at, seconds) "
               "VALUES (?, ?, ?, ?, ?)", [draft_key, form, step, saved_at, seconds])


def reached(db: Database, form: str, since: str) -> dict[str, int]:
    """Per step: the drafts that saved it since `since`."""
    return {row[0]: row[1] for row in db.execute(
        "SELECT step, count(*) FROM form_steps WHERE form = ? AND saved_at >= ? GROUP BY step",
        [form, since])}


def median_seconds(db: Database, form: str, step: str, since: str, count: int) -> int | None:
    """The median time on a step, by the index's order of seconds."""
    if not count:
        return None
    row = db.execute("SELECT seconds FROM form_steps WHERE form = ? AND step = ? AND saved_at >= ? "
                     "ORDER BY seconds LIMIT 1 OFFSET ?", [form, step, since, count // 2]).fetchone()
    return row[0] if row else None


def abandoned(db: Database, form: str, since: str, idle_before: str, submitted: str) -> dict[str, int]:
    """Per step: the drafts whose last saved page it is, untouched since before `idle_before`
    and never submitted."""
    return {row[0]: row[1] for row in db.execute(
        "SELECT f.step, count(*) FROM form_steps f "
        "WHERE f.form = ? AND f.saved_at >= ? AND f.saved_at < ? AND f.step != ? "
        "AND NOT EXISTS (SELECT 1 FROM form_steps g WHERE g.draft_key = f.draft_key "
        "AND (g.saved_at > f.saved_at OR (g.saved_at = f.saved_at AND g.step > f.step))) "
        "GROUP BY f.step", [form, since, idle_before, submitted])}
