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
from webapp.sms import templates
from webapp.sms.base import OutgoingSms, SmsClient, SmsError
from webapp.sms.optout import is_opted_out
from webapp.sms.schedule import QuietHours, RateLimiter
from webapp.store import outbox as store
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
    if idempotency_key and store.has_key(db, idempotency_key):
        return None
    store.insert(db, row)
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
        with immediate(self.db):
            outbox_id = store.next_due(self.db, CREATED, _iso(now), SENDING,
                                       _iso(now - self.stale_after), self.quiet.holds(now))
            if outbox_id is None:
                return None
            store.mark_claimed(self.db, outbox_id, SENDING, _iso(now), self.client.name)
        return store.get(self.db, outbox_id)

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
        if found and store.reference_taken(self.db, self.client.name, found, message["id"]):
            return None  # that one is another message with the same text
        return found

    def _failed_attempt(self, message: dict, reason: str, permanent: bool, now: datetime) -> None:
        if permanent or message["attempts"] >= self.max_attempts:
            return self._finish(message, FAILED, error=reason)
        delay = min(self.retry_cap, self.retry_base * 2 ** (message["attempts"] - 1))
        with immediate(self.db):
            store.retry_later(self.db, message["id"], status=CREATED, error=reason,
                              send_after=_iso(now + timedelta(seconds=delay)), was=SENDING)

    def _finish(self, message: dict, status: str, *, provider_reference: str | None = None,
                error: str | None = None) -> None:
        with immediate(self.db):
            store.finish(self.db, message["id"], status=status, provider_reference=provider_reference,
                         error=error, at=_iso(datetime.now(UTC)), was=SENDING)
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
    """The newest messages (the development page's list)."""
    return store.recent(db, limit)


def for_submission(db: Database, submission_id: int) -> list[dict]:
    """Every message about a submission, oldest first."""
    return store.for_submission(db, submission_id)
