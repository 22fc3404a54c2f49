"""Nothing typed is lost when a session ends: a POST that arrives after the resident was
signed out is held, and put back into the same page after they sign in again."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database
from werkzeug.datastructures import MultiDict

from webapp.store import submissions as store
from webapp.store.engine import immediate

KEEP_FOR = timedelta(days=1)


def hold(db: Database, resident_id: int, path: str, form: MultiDict) -> None:
    items = [(k, v) for k, v in form.items(multi=True) if k != "csrf_token"]
    with db.atomic():
        store.hold_post(db, resident_id, path, json.dumps(items, ensure_ascii=False),
                        datetime.now(UTC).isoformat())


def take(db: Database, resident_id: int, path: str) -> MultiDict | None:
    """The held answers for this page, removed as they are handed back; None if none.
    Call only when something is held for the resident (Draft.held): it writes."""
    since = (datetime.now(UTC) - KEEP_FOR).isoformat()
    with immediate(db):
        row = store.held_post(db, resident_id, path, since)
        store.drop_held_posts(db, resident_id, path, since)
    return MultiDict(json.loads(row["form"])) if row else None
