"""The outbox: a message is written in the same transaction as the change that causes it, then
the worker sends it. Status: created -> sending -> sent, or failed / suppressed.

Never lose a message: a message is claimed (committed), handed to the provider with no
transaction open, then recorded (committed). A worker killed between the provider call and the
record leaves it 'sending'; after SMS_STALE_SECONDS another pass takes it again, asks the
provider whether it already has it (find_sent) and only then sends. At worst the one message in
flight is repeated, where the provider cannot be asked."""

from __future__ import annotations

import json
import logging
import uuid
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from webapp.domain.otp import mask_phone
from webapp.sms import OutgoingSms, SmsClient, SmsError, templates
from webapp.sms.optout import is_opted_out
from webapp.sms.schedule import QuietHours, RateLimiter
from webapp.store.engine import immediate

log = logging.getLogger(__name__)
CREATED, SENDING, SENT, FAILED, SUPPRESSED = "created", "sending", "sent", "failed", "suppressed"
KINDS = ("code", "notification", "reminder", "reply")
NO_PHONE = "no_phone"  # the error of a notification to a resident who has no phone


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def enqueue(db: Database, phone: str, template: str, params: dict, *, signature: str,
            submission_id: int | None = None, kind: str | None = None,
            idempotency_key: str | None = None, send_after: datetime | None = None,
            allow_urls: bool = False) -> str | None:
    """Add a message; call inside the caller's transaction. Returns our reference, or None
    when a message with the same idempotency key was queued before (a reminder sent once), or
    when a resident with no phone cannot get it at all (a notification to them is kept as failed).
    Mainland carriers refuse bodies with links: unless allowed, one is an error here. A long
    reason written by staff is shortened so that the message takes at most two SMS parts."""
    spec = templates.get(template)
    params = templates.fit(template, params, signature)
    body = templates.render(template, params, signature)
    if not allow_urls and templates.has_url(body):
        raise ValueError(f"{template}: SMS bodies carry no URL; name the service in words")
    now = datetime.now(UTC)
    kind = kind or ("code" if spec.urgent else "notification")
    if not phone and kind != "notification":
        return None  # a resident with no phone: reminders and replies have nowhere to go
    reference = uuid.uuid4().hex
    row = {
        "reference": reference, "phone": phone, "template": template,
        "params": json.dumps(params, ensure_ascii=False), "body": body,
        "segments": templates.segments(body), "urgent": int(spec.urgent), "kind": kind,
        "status": CREATED, "submission_id": submission_id, "created_at": _iso(now),
        "send_after": _iso(send_after or now), "idempotency_key": idempotency_key,
        "expires_at": _iso(now + timedelta(minutes=spec.valid_minutes))
        if spec.valid_minutes else None,
    }
    if not phone:  # kept as failed, so that staff see it and tell the resident in person
        row.update({"phone": "", "status": FAILED, "error": NO_PHONE})
    if idempotency_key and db.execute("SELECT 1 FROM outbox WHERE idempotency_key = ?",
                                      [idempotency_key]).fetchone():
        return None
    db["outbox"].insert(row)
    return reference


class Dispatcher:
    """Sends what is due, one message at a time, within the provider's rate and quiet hours."""

    def __init__(self, db: Database, client: SmsClient, config: dict):
        self.db, self.client = db, client
        self.max_attempts = int(config.get("SMS_MAX_ATTEMPTS", 6))
        self.retry_base = float(config.get("SMS_RETRY_BASE_SECONDS", 30))
        self.retry_cap = float(config.get("SMS_RETRY_MAX_SECONDS", 3600))
        self.stale_after = timedelta(seconds=float(config.get("SMS_STALE_SECONDS", 300)))
        self.quiet = QuietHours.parse(config.get("SMS_QUIET_HOURS", "21:00-08:00"))
        self.limiter = RateLimiter(float(config.get("SMS_RATE_PER_SECOND", 0)))

    def deliver_pending(self, limit: int = 100) -> int:
        """Send what is due now; return how many messages were handled."""
        handled = 0
        while handled < limit:
            now = datetime.now(UTC)
            message = self._claim(now)
            if message is None:
                break
            self._handle(message, now)
            handled += 1
        return handled

    def _claim(self, now: datetime) -> dict | None:
        """Take the next due message, urgent first; in quiet hours only urgent ones."""
        urgent_only = " AND urgent = 1" if self.quiet.holds(now) else ""
        with immediate(self.db):
            row = self.db.execute(
                "SELECT id, status, claimed_at FROM outbox WHERE ((status = ? AND send_after <= ?) "
                f"OR (status = ? AND claimed_at <= ?)){urgent_only} "
                "ORDER BY urgent DESC, id LIMIT 1",
                [CREATED, _iso(now), SENDING, _iso(now - self.stale_after)]).fetchone()
            if row is None:
                return None
            self.db.execute("UPDATE outbox SET status = ?, attempts = attempts + 1, claimed_at = ?, "
                            "provider = ? WHERE id = ?", [SENDING, _iso(now), self.client.name,
                                                          row["id"]])
        return next(self.db.query("SELECT * FROM outbox WHERE id = ?", [row["id"]]))

    def _handle(self, message: dict, now: datetime) -> None:
        if message["expires_at"] and datetime.fromisoformat(message["expires_at"]) <= now:
            return self._finish(message, FAILED, error="expired")
        if message["kind"] == "reminder" and is_opted_out(self.db, message["phone"]):
            return self._finish(message, SUPPRESSED, error="opted_out")
        outgoing = _outgoing(message, now)
        if message["attempts"] > 1:
            # Tried before: a worker killed mid-call, or a call whose answer was lost, may have
            # handed it over already. Ask before sending again.
            found = self._already_sent(message, outgoing)
            if found:
                return self._finish(message, SENT, provider_reference=found)
        self.limiter.wait()
        try:
            provider_reference = self.client.send(outgoing)  # no transaction open here
        except SmsError as error:
            return self._failed_attempt(message, error.reason, error.permanent, now)
        except Exception as error:  # a provider library's own network error: try again later
            return self._failed_attempt(message, type(error).__name__, False, now)
        self._finish(message, SENT, provider_reference=provider_reference)

    def _already_sent(self, message: dict, outgoing: OutgoingSms) -> str | None:
        since = datetime.fromisoformat(message["created_at"]) - timedelta(seconds=5)
        try:
            found = self.client.find_sent(outgoing, since)
        except Exception as error:  # cannot ask: sending again is better than losing it
            log.warning("could not look up %s: %s", outgoing.reference, type(error).__name__)
            return None
        if found and self.db.execute("SELECT 1 FROM outbox WHERE provider = ? AND "
                                     "provider_reference = ? AND id != ?",
                                     [self.client.name, found, message["id"]]).fetchone():
            return None  # that one is another message with the same text
        return found

    def _failed_attempt(self, message: dict, reason: str, permanent: bool, now: datetime) -> None:
        if permanent or message["attempts"] >= self.max_attempts:
            return self._finish(message, FAILED, error=reason)
        delay = min(self.retry_cap, self.retry_base * 2 ** (message["attempts"] - 1))
        with immediate(self.db):
            self.db.execute("UPDATE outbox SET status = ?, error = ?, send_after = ? WHERE id = ? "
                            "AND status = ?", [CREATED, reason, _iso(now + timedelta(seconds=delay)),
                                               message["id"], SENDING])

    def _finish(self, message: dict, status: str, *, provider_reference: str | None = None,
                error: str | None = None) -> None:
        with immediate(self.db):
            self.db.execute(
                "UPDATE outbox SET status = ?, provider_reference = COALESCE(?, provider_reference), "
                "error = ?, sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END "
                "WHERE id = ? AND status = ?",
                [status, provider_reference, error, status, _iso(datetime.now(UTC)), message["id"],
                 SENDING])
        log.info("sms %s to %s: %s", message["reference"], mask_phone(message["phone"]), status)


def _outgoing(message: dict, now: datetime) -> OutgoingSms:
    validity = None
    if message["expires_at"]:
        validity = max(1, int((datetime.fromisoformat(message["expires_at"]) - now).total_seconds()))
    return OutgoingSms(message["reference"], message["phone"], message["template"],
                       json.loads(message["params"]), message["body"], validity)


def deliver_pending(db: Database, client: SmsClient, config: dict, limit: int = 100) -> int:
    """Send what is due now with the app's settings (one pass of the worker)."""
    return Dispatcher(db, client, config).deliver_pending(limit)


def recent(db: Database, limit: int = 200) -> list[dict]:
    return list(db.query("SELECT * FROM outbox ORDER BY id DESC LIMIT ?", [limit]))


def for_submission(db: Database, submission_id: int) -> list[dict]:
    return list(db.query("SELECT * FROM outbox WHERE submission_id = ? ORDER BY id",
                         [submission_id]))
