"""Delivery receipts: they arrive late, twice or out of order; a later state is never
overwritten by an earlier one, and every receipt is kept as it came."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

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
        row = db.execute("SELECT id, delivery_status FROM outbox WHERE provider = ? "
                         "AND provider_reference = ?", [provider, provider_reference]).fetchone()
        applied = row is not None and status in RANK and \
            RANK[status] > RANK.get(row["delivery_status"] or "", 0)
        db["sms_receipts"].insert({
            "provider": provider, "provider_reference": provider_reference, "status": status,
            "error_code": error_code, "received_at": _now(),
            "outbox_id": row["id"] if row else None, "applied": int(applied),
        })
        if applied:
            db.execute("UPDATE outbox SET delivery_status = ?, delivery_error = ?, "
                       "delivery_at = ? WHERE id = ?", [status, error_code, _now(), row["id"]])
    return applied


def expire_silent(db: Database, now: datetime | None = None) -> int:
    """A message sent 72 hours ago with no final receipt counts as undelivered."""
    cutoff = ((now or datetime.now(UTC)) - NO_RECEIPT_AFTER).isoformat(timespec="seconds")
    with immediate(db):
        changed = db.execute(
            "UPDATE outbox SET delivery_status = 'undelivered', delivery_error = 'no_receipt', "
            "delivery_at = ? WHERE status = 'sent' AND provider != 'console' AND sent_at <= ? "
            "AND COALESCE(delivery_status, '') NOT IN ('delivered', 'undelivered', 'failed', "
            "'canceled')", [_now(), cutoff]).rowcount
    return changed


def undelivered(db: Database) -> list[dict]:
    """Messages that did not reach the phone: the 'notify in person' list."""
    return list(db.query(
        "SELECT * FROM outbox WHERE status = 'failed' OR delivery_status IN "
        "('undelivered', 'failed') ORDER BY id DESC"))
