"""Nothing typed is lost when a session ends: a POST that arrives after the resident was
signed out is held, and put back into the same page after they sign in again."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database
from werkzeug.datastructures import MultiDict

from webapp.store.engine import immediate

KEEP_FOR = timedelta(days=1)


def hold(db: Database, resident_id: int, path: str, form: MultiDict) -> None:
    items = [(k, v) for k, v in form.items(multi=True) if k != "csrf_token"]
    with db.atomic():
        db.execute("DELETE FROM held_posts WHERE resident_id = ? AND path = ?", [resident_id, path])
        db["held_posts"].insert({"resident_id": resident_id, "path": path,
                                 "form": json.dumps(items, ensure_ascii=False),
                                 "created_at": datetime.now(UTC).isoformat()})


def take(db: Database, resident_id: int, path: str) -> MultiDict | None:
    """The held answers for this page, removed as they are handed back; None if none."""
    since = (datetime.now(UTC) - KEEP_FOR).isoformat()
    with immediate(db):
        row = db.execute("SELECT id, form FROM held_posts WHERE resident_id = ? AND path = ? "
                         "AND created_at > ? ORDER BY id DESC LIMIT 1",
                         [resident_id, path, since]).fetchone()
        db.execute("DELETE FROM held_posts WHERE resident_id = ? AND (path = ? OR created_at <= ?)",
                   [resident_id, path, since])
    return MultiDict(json.loads(row["form"])) if row else None
