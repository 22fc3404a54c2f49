"""Sign-in codes sent by SMS: making, checking and rate-limiting them."""

import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from webapp.web.i18n import _

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=10)
MAX_WRONG_TRIES = 5

# (window, most sends allowed inside it)
Limits = Sequence[tuple[timedelta, int]]
PHONE_LIMITS: Limits = (
    (timedelta(minutes=1), 1),
    (timedelta(hours=1), 5),
    (timedelta(days=1), 10),
)
ADDRESS_LIMITS: Limits = ((timedelta(hours=1), 20), (timedelta(days=1), 50))

_MOBILE = re.compile(r"(?:\+86|0086|86)?(1[3-9][0-9]{9})")
_PHONE_PUNCTUATION = str.maketrans("", "", "-()")


class InvalidPhone(ValueError):
    """A phone number that cannot be accepted, with a message for the person typing it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def new_code() -> str:
    """A fresh random 6-digit code."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def hash_code(secret_key: str, phone: str, code: str) -> str:
    """The keyed hash stored instead of the code itself."""
    message = f"{phone}:{code}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def code_matches(secret_key: str, phone: str, code: str, stored_hash: str) -> bool:
    """True when the typed code is the one whose hash was stored, compared in constant time."""
    typed = hash_code(secret_key, phone, code).encode()
    return hmac.compare_digest(typed, stored_hash.encode())


def next_allowed_send(
    sent_at: Iterable[datetime], now: datetime, limits: Limits
) -> datetime | None:
    """None when a code may be sent now, else the earliest moment every limit allows one more."""
    sends = sorted(sent_at)
    waits = []
    for window, limit in limits:
        inside = [moment for moment in sends if now - window < moment <= now]
        if len(inside) >= limit:
            # Once the limit-th most recent send leaves the window, one more fits.
            waits.append(inside[-limit] + window)
    return max(waits) if waits else None


def normalise_phone(text: str) -> str:
    """The 11-digit mainland mobile number in what was typed, or raise InvalidPhone."""
    cleaned = "".join(unicodedata.normalize("NFKC", text or "").split())
    match = _MOBILE.fullmatch(cleaned.translate(_PHONE_PUNCTUATION))
    if match is None:
        raise InvalidPhone(_("请填写11位手机号码，例如 13800138000"))
    return match.group(1)


def mask_phone(phone: str) -> str:
    """Hide the middle four digits: 13800138000 -> 138****8000."""
    return phone[:3] + "****" + phone[-4:]
