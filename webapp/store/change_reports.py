"""SQL on change reports (migration 0026): a household's reports, the queue of a region's
reports by status, and the reviews a report brought forward, paged along their indexes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlite_utils import Database

from webapp.domain import case_machine as machine
from webapp.store.cases import group_filter

# A region's level -> the column its reports are filtered by (one index each).
LEVEL_COLUMN = {"village": "village_code", "township": "township_code", "county": "county_code"}
_LISTED = ("SELECT cr.*, c.reference, c.applicant_name, c.machine, c.state, "
           "c.review_due_on AS case_review_due_on FROM change_reports cr "
           "JOIN cases c ON c.id = cr.case_id ")


def _column(level: str) -> str:
    return LEVEL_COLUMN[level]


def insert(db: Database, row: dict) -> int:
    """A new report; its id."""
    columns = list(row)
    cursor = db.execute(f"INSERT INTO change_reports ({', '.join(columns)}) "
                        f"VALUES ({', '.join('?' * len(columns))})", [row[c] for c in columns])
    return cursor.lastrowid


def same_open(db: Database, case_id: int, kind: str, happened_on: str, description: str
              ) -> int | None:
    """The id of an undecided report of the case saying the same, None if there is none."""
    row = db.execute("SELECT id FROM change_reports WHERE case_id = ? AND kind = ? AND "
                     "happened_on = ? AND description = ? AND status != 'decided' LIMIT 1",
                     [case_id, kind, happened_on, description]).fetchone()
    return row[0] if row else None


def get(db: Database, report_id: int) -> dict | None:
    """One report with its case's reference, applicant and state, or None."""
    row = db.execute(_LISTED + "WHERE cr.id = ?", [report_id]).fetchone()
    return dict(row) if row else None


def for_case(db: Database, case_id: int, limit: int) -> list[dict]:
    """A case's reports, newest first."""
    return [dict(r) for r in db.execute(
        "SELECT * FROM change_reports WHERE case_id = ? ORDER BY id DESC LIMIT ?", [case_id, limit])]


def acknowledge(db: Database, report_id: int, at: str, by: str) -> bool:
    """Mark a new report as seen by the township; False when it was not new."""
    cursor = db.execute("UPDATE change_reports SET status = 'acknowledged', acknowledged_at = ?, "
                        "acknowledged_by = ? WHERE id = ? AND status = 'new'", [at, by, report_id])
    return cursor.rowcount == 1


def decide(db: Database, report_id: int, *, decision: str, reason: str | None, at: str, by: str,
           review_due_on: str | None) -> bool:
    """Record the township's decision on a report not yet decided; False when it was."""
    cursor = db.execute(
        "UPDATE change_reports SET status = 'decided', decision = ?, decision_reason = ?, "
        "decided_at = ?, decided_by = ?, acknowledged_at = coalesce(acknowledged_at, ?), "
        "acknowledged_by = coalesce(acknowledged_by, ?), "
        "review_due_on = coalesce(?, review_due_on), "
        "review_reason = CASE WHEN ? IS NULL THEN review_reason ELSE 'decision' END "
        "WHERE id = ? AND status != 'decided'",
        [decision, reason, at, by, at, by, review_due_on, review_due_on, report_id])
    return cursor.rowcount == 1


def _marks(values: Iterable[str]) -> tuple[str, list[str]]:
    values = list(values)
    return ", ".join("?" * len(values)), values


def count(db: Database, level: str, code: str, statuses: Iterable[str]) -> int:
    """How many of the region's reports are in these statuses."""
    marks, values = _marks(statuses)
    return db.execute(f"SELECT count(*) FROM change_reports WHERE {_column(level)} = ? "
                      f"AND status IN ({marks})", [code, *values]).fetchone()[0]


def queue_page(db: Database, level: str, code: str, statuses: Iterable[str], offset: int,
               limit: int) -> list[dict]:
    """One page of the region's reports in these statuses, oldest first (the longest waiting
    at the top)."""
    marks, values = _marks(statuses)
    return [dict(r) for r in db.execute(
        _LISTED + f"WHERE cr.{_column(level)} = ? AND cr.status IN ({marks}) "
        "ORDER BY cr.id LIMIT ? OFFSET ?", [code, *values, limit, offset])]


# A review a report brought forward is still pending while the case's review day is the one the
# report set (a periodic review recorded since moves it on) and the household still receives
# assistance; the newest report that set that day stands for the case.
_MOVED = ("cr.review_due_on IS NOT NULL AND cr.review_due_on = c.review_due_on AND cr.id = "
          "(SELECT max(id) FROM change_reports WHERE case_id = cr.case_id "
          "AND review_due_on = c.review_due_on) AND {group}")


def _moved() -> tuple[str, list[str]]:
    group, params = group_filter(machine.Group.RECEIVING)
    return _MOVED.format(group=group), params


def reviews_count(db: Database, level: str, code: str) -> int:
    """How many of the region's households have a review a report brought forward."""
    where, params = _moved()
    return db.execute(f"SELECT count(*) FROM change_reports cr JOIN cases c ON c.id = cr.case_id "
                      f"WHERE cr.{_column(level)} = ? AND {where}", [code, *params]).fetchone()[0]


def reviews_page(db: Database, level: str, code: str, offset: int, limit: int) -> list[dict]:
    """One page of those households, the soonest review first."""
    where, params = _moved()
    return [dict(r) for r in db.execute(
        _LISTED + f"WHERE cr.{_column(level)} = ? AND {where} "
        "ORDER BY cr.review_due_on, cr.id LIMIT ? OFFSET ?", [code, *params, limit, offset])]


def reviews_due_between(db: Database, first: str, last: str) -> Iterator[dict]:
    """Reviews a report brought forward falling due from `first` to `last`, with the case's
    columns and the applicant's phone (for the review_due reminder)."""
    where, params = _moved()
    yield from (dict(r) for r in db.execute(
        "SELECT c.*, r.phone FROM change_reports cr JOIN cases c ON c.id = cr.case_id "
        "JOIN submissions s ON s.id = c.submission_id JOIN residents r ON r.id = s.resident_id "
        f"WHERE cr.review_due_on BETWEEN ? AND ? AND {where} ORDER BY c.id",
        [first, last, *params]))
