"""The outbox: a message is written in the same transaction as the change that causes it,
then the worker sends it. Status: created -> sending -> sent (or failed)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from webapp.db import immediate
from webapp.sms import OutgoingSms, SmsClient, SmsError, templates

CREATED, SENDING, SENT, FAILED = "created", "sending", "sent", "failed"
MAX_ATTEMPTS = 5
STALE_SENDING = timedelta(minutes=5)


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def enqueue(db: Database, phone: str, template: str, params: dict, *, signature: str,
            submission_id: int | None = None) -> str:
    """Add a message; call inside the caller's transaction. Returns our reference."""
    body = templates.render(template, params, signature)
    reference = uuid.uuid4().hex
    now = _iso(_now())
    db["outbox"].insert({
        "reference": reference, "phone": phone, "template": template,
        "params": json.dumps(params, ensure_ascii=False), "body": body,
        "segments": templates.segments(body), "urgent": int(templates.get(template).urgent),
        "status": CREATED, "submission_id": submission_id, "created_at": now, "send_after": now,
    })
    return reference


def _claim(db: Database, now: datetime) -> dict | None:
    """Take the next due message, urgent first; re-take one left 'sending' by a dead worker."""
    stale = _iso(now - STALE_SENDING)
    with immediate(db):
        row = db.execute(
            "SELECT id FROM outbox WHERE (status = ? AND send_after <= ?) "
            "OR (status = ? AND send_after <= ?) ORDER BY urgent DESC, id LIMIT 1",
            [CREATED, _iso(now), SENDING, stale],
        ).fetchone()
        if row is None:
            return None
        db.execute("UPDATE outbox SET status = ?, attempts = attempts + 1, send_after = ? "
                   "WHERE id = ?", [SENDING, _iso(now), row[0]])
    return next(db.query("SELECT * FROM outbox WHERE id = ?", [row[0]]))


def _record(db: Database, message: dict, client: SmsClient, now: datetime) -> None:
    outgoing = OutgoingSms(message["reference"], message["phone"], message["template"],
                           json.loads(message["params"]), message["body"])
    try:
        provider_reference = client.send(outgoing)  # no transaction is open during the call
    except SmsError as error:
        give_up = error.permanent or message["attempts"] >= MAX_ATTEMPTS
        retry_at = now + timedelta(seconds=30 * 2 ** message["attempts"])
        with db.atomic():
            db.execute("UPDATE outbox SET status = ?, error = ?, send_after = ? WHERE id = ?",
                       [FAILED if give_up else CREATED, error.reason, _iso(retry_at),
                        message["id"]])
        return
    with db.atomic():
        db.execute("UPDATE outbox SET status = ?, sent_at = ?, provider_reference = ?, "
                   "error = NULL WHERE id = ?",
                   [SENT, _iso(_now()), provider_reference, message["id"]])


def deliver_pending(db: Database, client: SmsClient, limit: int = 100) -> int:
    """Send what is due now; return how many messages were handed to the provider."""
    handled = 0
    while handled < limit:
        now = _now()
        message = _claim(db, now)
        if message is None:
            break
        _record(db, message, client, now)
        handled += 1
    return handled


def recent(db: Database, limit: int = 200) -> list[dict]:
    return list(db.query("SELECT * FROM outbox ORDER BY id DESC LIMIT ?", [limit]))
