"""Resident sign-in by SMS code, and resident sessions, apart from the web layer."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from webapp.domain import otp
from webapp.services import audit
from webapp.sms import outbox
from webapp.store.engine import immediate


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


def _sent_times(db: Database, column: str, value: str, since: datetime) -> list[datetime]:
    rows = db.execute(f"SELECT created_at FROM sign_in_codes WHERE {column} = ? AND created_at > ?",
                      [value, _iso(since)])
    return [datetime.fromisoformat(r[0]) for r in rows]


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
            db["sign_in_codes"].insert({
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
    row = db.execute("SELECT * FROM sign_in_codes WHERE phone = ? ORDER BY id DESC LIMIT 1",
                     [phone]).fetchone()
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
        db.execute(f"UPDATE {table} SET wrong_tries = ? WHERE id = ?", [tries, row["id"]])
        reason = "too_many" if tries >= otp.MAX_WRONG_TRIES else "wrong"
        return CodeRefused(reason, otp.MAX_WRONG_TRIES - tries)
    db.execute(f"UPDATE {table} SET used_at = ? WHERE id = ?", [_iso(now), row["id"]])
    return None


def _resident_id(db: Database, phone: str, now: datetime) -> int:
    row = db.execute("SELECT id FROM residents WHERE phone = ?", [phone]).fetchone()
    if row:
        return row[0]
    return db["residents"].insert({"phone": phone, "created_at": _iso(now)}).last_pk


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(db: Database, resident_id: int, now: datetime | None = None) -> str:
    """A fresh random session token; only its hash is stored."""
    now = now or now_utc()
    token = secrets.token_urlsafe(32)
    with db.atomic():
        db["resident_sessions"].insert({
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
    """The resident behind a live token; raises SessionEnded otherwise."""
    now = now or now_utc()
    row = db.execute("SELECT id, resident_id, last_seen, ended_at FROM resident_sessions "
                     "WHERE token_hash = ?", [_token_hash(token)]).fetchone()
    if row is None or row["ended_at"]:
        raise SessionEnded(row["resident_id"] if row else None, idle=False)
    if datetime.fromisoformat(row["last_seen"]) + idle <= now:
        end_session(db, token, now)
        raise SessionEnded(row["resident_id"], idle=True)
    with db.atomic():
        db.execute("UPDATE resident_sessions SET last_seen = ? WHERE id = ?", [_iso(now), row["id"]])
    return row["resident_id"]


def end_session(db: Database, token: str, now: datetime | None = None) -> None:
    with db.atomic():
        db.execute("UPDATE resident_sessions SET ended_at = ? WHERE token_hash = ? "
                   "AND ended_at IS NULL", [_iso(now or now_utc()), _token_hash(token)])


def phone_of(db: Database, resident_id: int) -> str:
    return db.execute("SELECT phone FROM residents WHERE id = ?", [resident_id]).fetchone()[0]

