"""Delivery receipts: they arrive late, twice or out of order; a later state is never
overwritten by an earlier one, and every receipt is kept as it came."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from webapp.store import outbox as store
from webapp.store.engine import immediate

# Receipt states in the order a message passes through them; the last three are final.
RANK = {"accepted": 1, "scheduled": 1, "queued": 1, "sending": 2, "sent": 3,
        "delivered": 4, "undelivered": 4, "failed": 4, "canceled": 4}
FINAL = {"delivered", "undelivered", "failed", "canceled"}
NO_RECEIPT_AFTER = timedelta(hours=72)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def record(db: Database, provider: str, provider_reference: str, status: str,
           error_code: str | None = None) -> bool:
    """Keep a receipt; move the message's delivery state forward only. True if it moved."""
    status = status.lower()
    with immediate(db):
        row = store.by_provider_reference(db, provider, provider_reference)
        applied = row is not None and status in RANK and \
            RANK[status] > RANK.get(row["delivery_status"] or "", 0)
        store.add_receipt(db, {
            "provider": provider, "provider_reference": provider_reference, "status": status,
            "error_code": error_code, "received_at": _now(),
            "outbox_id": row["id"] if row else None, "applied": int(applied),
        })
        if applied:
            store.set_delivery(db, row["id"], status, error_code, _now())
    return applied


def expire_silent(db: Database, now: datetime | None = None) -> int:
    """A message sent 72 hours ago with no final receipt counts as undelivered."""
    cutoff = ((now or datetime.now(UTC)) - NO_RECEIPT_AFTER).isoformat(timespec="seconds")
    with immediate(db):
        return store.expire_silent(db, cutoff, _now())


def undelivered(db: Database) -> list[dict]:
    """Messages that did not reach the phone: the 'notify in person' list."""
    return store.undelivered(db)
