"""6-digit codes sent to a resident's own phone so that they consent on the village assistant's
phone: to sign the letters, or to let the assistant take over their own unfinished draft.

Made, limited and checked like sign-in codes (10 minutes, 5 wrong tries, only the hash kept),
but kept apart from them and bound to one purpose and one submission: a consent code can never
sign anybody in, nor sign anything else."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlite_utils import Database

from webapp.domain import otp
from webapp.services.signin import CodeRefused, RateLimited, now_utc, use_code
from webapp.sms import outbox
from webapp.store import residents
from webapp.store import submissions as store
from webapp.store.engine import immediate

SIGN, PICKUP = "sign", "pickup"
PURPOSES = (SIGN, PICKUP)
TEMPLATE = "consent_code"

__all__ = ["PICKUP", "SIGN", "CodeRefused", "RateLimited", "send", "verify"]


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _bound(purpose: str, submission_id: int, phone: str) -> str:
    """What the hash is keyed on besides the code: the same digits mean nothing elsewhere."""
    return f"consent:{purpose}:{submission_id}:{phone}"


def _times(moments: list[str]) -> list[datetime]:
    return [datetime.fromisoformat(m) for m in moments]


def _wait(db: Database, phone: str, staff_id: int, now: datetime) -> datetime | None:
    """When the next code may go out: the phone's limits count its sign-in codes too, and
    each assistant has the limits of one address."""
    since = now - timedelta(days=1)
    to_phone = _times(store.consent_codes_to_phone(db, phone, _iso(since))
                      + residents.sign_in_codes_to_phone(db, phone, _iso(since)))
    by_staff = _times(store.consent_codes_by_staff(db, staff_id, _iso(since)))
    waits = [otp.next_allowed_send(to_phone, now, otp.PHONE_LIMITS),
             otp.next_allowed_send(by_staff, now, otp.ADDRESS_LIMITS)]
    found = [w for w in waits if w is not None]
    return max(found) if found else None


def send(db: Database, purpose: str, submission_id: int, staff_id: int, phone: str, *,
         secret_key: str, signature: str, now: datetime | None = None) -> None:
    """Send a fresh code to the resident's phone; RateLimited when the limits say wait."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    now = now or now_utc()
    with immediate(db):
        wait = _wait(db, phone, staff_id, now)
        if wait is None:
            code = otp.new_code()
            store.insert_consent_code(db, {
                "purpose": purpose, "submission_id": submission_id, "staff_id": staff_id,
                "phone": phone, "wrong_tries": 0, "created_at": _iso(now),
                "code_hash": otp.hash_code(secret_key, _bound(purpose, submission_id, phone), code),
                "expires_at": _iso(now + otp.CODE_LIFETIME),
            })
            outbox.enqueue(db, phone, TEMPLATE, {"code": code}, signature=signature)
    if wait is not None:
        raise RateLimited(wait)


def verify(db: Database, purpose: str, submission_id: int, phone: str, code: str, *,
           secret_key: str, now: datetime | None = None) -> int:
    """Check the newest code for this purpose, submission and phone, and use it up; return its
    id. A wrong try is counted and committed before CodeRefused is raised."""
    now = now or now_utc()
    with immediate(db):
        refusal, code_id = _check(db, purpose, submission_id, phone, code, secret_key, now)
    if refusal:
        raise refusal
    return code_id


def _check(db, purpose, submission_id, phone, code, secret_key, now):
    row = store.newest_consent_code(db, purpose, submission_id, phone)
    refusal = use_code(db, "consent_codes", row, _bound(purpose, submission_id, phone), code,
                       secret_key, now)
    return (refusal, None) if refusal else (None, row["id"])
