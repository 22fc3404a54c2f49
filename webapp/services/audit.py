"""The append-only audit log: who did what to which record (never the personal details), and
the county administrator's reading of it, a page at a time."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from webapp.store import audit as store
from webapp.store import cases as case_store
from webapp.store import regions as region_store
from webapp.store import staff as staff_store

CHUNK = 500  # entries read at a time while looking for a county's
SCAN_LIMIT = 5000  # entries read at most for one page; the page then ends early


def record(db: Database, actor: str, action: str, subject: str, **detail) -> None:
    """Add one entry; call inside the transaction that makes the change."""
    store.insert(db, {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "actor": actor, "action": action, "subject": subject,
        "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True),
    })


@dataclass(frozen=True)
class Page:
    """Entries newest first, and the id the next (older) page starts below, None at the end."""

    entries: list[dict]
    older: int | None


def county_staff(db: Database, county: str) -> list:
    """Every staff account bound to the county or a region in it (id, name, role), by name."""
    return staff_store.in_regions(db, [r["code"] for r in region_store.within(db, county)])


def county_page(db: Database, county: str, *, case_id: int | None = None,
                actor: str | None = None, before: int | None = None, limit: int = 200) -> Page:
    """The newest `limit` entries about one county below id `before`, by keyset on id.

    An entry is about the county when
    - its subject is a case (``case:<id>``) whose county_code is the county, whoever acted
      (staff, a resident or the system); or
    - its subject is anything else (sign-ins, case lists, the calendar, this log ...) and its
      actor is a staff account bound to the county or a township or village in it.
    Nothing else is shown: a resident's entries about their drafts and submissions, entries of
    unknown actors (failed sign-ins with a wrong user name) and other counties' entries stay out.

    A case filter reads the (subject, id) index, a person filter the (actor, id) index, no
    filter the log by id. At most SCAN_LIMIT entries are read for one page: a page can end
    short, its `older` then continues below the last entry read. The log is never counted."""
    if case_id is not None:
        if case_store.county_codes(db, [case_id]).get(case_id) != county:
            return Page([], None)
        rows = store.newest(db, before=before, limit=limit + 1, subject=f"case:{case_id}",
                            actor=actor)
        found = [dict(r) for r in rows]
        return Page(found[:limit], found[limit - 1]["id"] if len(found) > limit else None)
    staff = {f"staff:{r['id']}" for r in county_staff(db, county)}
    if actor is not None and not actor.startswith("resident:") and actor not in staff:
        return Page([], None)
    return _scan(db, county, staff, actor, before, limit)


def _scan(db: Database, county: str, staff: set[str], actor: str | None, before: int | None,
          limit: int) -> Page:
    """Read the log (or one actor's part of it) down from `before` in chunks, keeping the
    county's entries, until a page and one more are found, the log ends or SCAN_LIMIT."""
    found: list[dict] = []
    read = 0
    while read < SCAN_LIMIT:
        rows = [dict(r) for r in store.newest(db, before=before, limit=CHUNK, actor=actor)]
        if not rows:
            return Page(found, None)
        read += len(rows)
        before = rows[-1]["id"]
        found += _about_county(db, county, staff, rows)
        if len(found) > limit:
            return Page(found[:limit], found[limit - 1]["id"])
        if len(rows) < CHUNK:
            return Page(found, None)
    return Page(found, before)


def _about_county(db: Database, county: str, staff: set[str], rows: list[dict]) -> list[dict]:
    case_ids = {r["subject"]: _case_id(r["subject"]) for r in rows if _is_case(r["subject"])}
    counties = case_store.county_codes(db, sorted({i for i in case_ids.values() if i}))
    return [r for r in rows if (counties.get(case_ids[r["subject"]] or 0) == county
                                if _is_case(r["subject"]) else r["actor"] in staff)]


def _is_case(subject: str | None) -> bool:
    return (subject or "").startswith("case:")


def _case_id(subject: str) -> int | None:
    digits = subject[5:]
    return int(digits) if digits.isdigit() and len(digits) < 19 else None
