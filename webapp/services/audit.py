"""The append-only audit log: who did what to which record (never the personal details)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlite_utils import Database


def record(db: Database, actor: str, action: str, subject: str, **detail) -> None:
    """Add one entry; call inside the transaction that makes the change."""
    db["audit_log"].insert({
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "actor": actor, "action": action, "subject": subject,
        "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True),
    })
