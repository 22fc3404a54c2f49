"""Resident sign-in by SMS code, and resident sessions, apart from the web layer.

A session's last_seen is written at most once a minute (TOUCH_EVERY), so that a plain GET
writes nothing: the idle check compares the stored last_seen with the idle limit, so a session
ends idle after the limit counted from a request at most one minute older than its last one."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from webapp.domain import otp
from webapp.services import audit
from webapp.sms import outbox
from webapp.store import residents as store
from webapp.store import submissions as submission_store
from webapp.store.engine import immediate

TOUCH_EVERY = timedelta(minutes=1)  # a session's last_seen is written no more often


def now_utc() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


class RateLimited(Exception):
    """No code may be sent before `until`."""

    def __init__(self, until: datetime):
        super().__init__(until.isoformat())
        self.until = until


class CodeRefused(Exception):
    """The code cannot sign in; `reason` is expired, used, too_many, wrong or none."""

    def __init__(self, reason: str, tries_left: int = 0):
        super().__init__(reason)
        self.reason = reason
        self.tries_left = tries_left


def needs_touch(last_seen: str, now: datetime) -> bool:
    """Whether a request at `now` should write a session's last_seen: once a minute at most."""
    return datetime.fromisoformat(last_seen) + TOUCH_EVERY <= now


def _sent_times(db: Database, column: str, value: str, since: datetime) -> list[datetime]:
    return store.code_times(db, column, value, _iso(since))


def request_code(db: Database, phone: str, address: str, *, secret_key: str, signature: str,
                 now: datetime | None = None) -> None:
    """Send a new code to a phone, within the per-number and per-address limits."""
    now = now or now_utc()
    day_ago = now - timedelta(days=1)
    with immediate(db):
        waits = [
            otp.next_allowed_send(_sent_times(db, "phone", phone, day_ago), now, otp.PHONE_LIMITS),
            otp.next_allowed_send(_sent_times(db, "client_address", address, day_ago), now,
                                  otp.ADDRESS_LIMITS),
        ]
        waits = [w for w in waits if w is not None]
        if not waits:
            code = otp.new_code()
            store.add_code(db, {
                "phone": phone, "code_hash": otp.hash_code(secret_key, phone, code),
                "client_address": address, "created_at": _iso(now),
                "expires_at": _iso(now + otp.CODE_LIFETIME), "wrong_tries": 0,
            })
            outbox.enqueue(db, phone, "sign_in_code", {"code": code}, signature=signature)
    if waits:
        raise RateLimited(max(waits))


def verify_code(db: Database, phone: str, code: str, *, secret_key: str,
                now: datetime | None = None) -> int:
    """Check the newest code for a phone; on success return the resident's id.

    A wrong try is counted and committed before the refusal is raised."""
    now = now or now_utc()
    with immediate(db):
        refusal, resident_id = _check_code(db, phone, code, secret_key, now)
    if refusal:
        raise refusal
    return resident_id


def _check_code(db, phone, code, secret_key, now) -> tuple[CodeRefused | None, int | None]:
    row = store.latest_code(db, phone)
    refusal = use_code(db, "sign_in_codes", row, phone, code, secret_key, now)
    if refusal:
        return refusal, None
    resident_id = _resident_id(db, phone, now)
    audit.record(db, f"resident:{resident_id}", "signed_in", f"resident:{resident_id}")
    return None, resident_id


def use_code(db: Database, table: str, row, binding: str, code: str, secret_key: str,
             now: datetime) -> CodeRefused | None:
    """Check the latest code `row` of `table` (bound to `binding` when hashed) and mark it
    used; or count a wrong try and say why it is refused. Call inside a write transaction."""
    if row is None:
        return CodeRefused("none")
    if row["used_at"]:
        return CodeRefused("used")
    if row["wrong_tries"] >= otp.MAX_WRONG_TRIES:
        return CodeRefused("too_many")
    if datetime.fromisoformat(row["expires_at"]) <= now:
        return CodeRefused("expired")
    if not otp.code_matches(secret_key, binding, code, row["code_hash"]):
        tries = row["wrong_tries"] + 1
        _CODE_MARKS[table][0](db, row["id"], tries)
        reason = "too_many" if tries >= otp.MAX_WRONG_TRIES else "wrong"
        return CodeRefused(reason, otp.MAX_WRONG_TRIES - tries)
    _CODE_MARKS[table][1](db, row["id"], _iso(now))
    return None


# The table of a code -> how a wrong try and a use are written there.
_CODE_MARKS = {
    "sign_in_codes": (store.code_tries, store.code_used),
    "consent_codes": (submission_store.consent_code_tries, submission_store.consent_code_used),
}


def _resident_id(db: Database, phone: str, now: datetime) -> int:
    found = store.id_for_phone(db, phone)
    return found if found is not None else store.add(db, phone, _iso(now))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(db: Database, resident_id: int, now: datetime | None = None) -> str:
    """A fresh random session token; only its hash is stored."""
    now = now or now_utc()
    token = secrets.token_urlsafe(32)
    with db.atomic():
        store.add_session(db, {
            "token_hash": _token_hash(token), "resident_id": resident_id,
            "created_at": _iso(now), "last_seen": _iso(now),
        })
    return token


class SessionEnded(Exception):
    """The token's session has ended; `idle` says it ended just now for want of activity,
    and `resident_id` whose it was (to hold what they were posting)."""

    def __init__(self, resident_id: int | None, idle: bool):
        super().__init__(resident_id)
        self.resident_id = resident_id
        self.idle = idle


def resume_session(db: Database, token: str, idle: timedelta, now: datetime | None = None) -> int:
    """The resident behind a live token; raises SessionEnded otherwise. Writes last_seen only
    when the stored one is a minute old or more (TOUCH_EVERY)."""
    now = now or now_utc()
    row = store.session(db, _token_hash(token))
    if row is None or row["ended_at"]:
        raise SessionEnded(row["resident_id"] if row else None, idle=False)
    if datetime.fromisoformat(row["last_seen"]) + idle <= now:
        end_session(db, token, now)
        raise SessionEnded(row["resident_id"], idle=True)
    if needs_touch(row["last_seen"], now):
        with db.atomic():
            store.touch_session(db, row["id"], _iso(now))
    return row["resident_id"]


def end_session(db: Database, token: str, now: datetime | None = None) -> None:
    """Sign out: the token no longer opens a session."""
    with db.atomic():
        store.end_session(db, _token_hash(token), _iso(now or now_utc()))


def phone_of(db: Database, resident_id: int) -> str:
    return store.phone_of(db, resident_id)

