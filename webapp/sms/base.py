"""What every SMS provider shares: the message handed over, the client interface, its error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


class SmsError(Exception):
    """The provider did not take the message. `permanent`: retrying cannot help (an invalid
    number, an opted-out number); otherwise the worker tries again later."""

    def __init__(self, reason: str, permanent: bool = False, code: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.code = code


@dataclass(frozen=True)
class OutgoingSms:
    reference: str  # ours, made before the provider call, so receipts and retries find the row
    phone: str  # 11-digit mainland mobile number
    template: str
    params: dict
    body: str  # the full text, signature included
    validity_seconds: int | None = None  # a sign-in code is worthless after it expires


class SmsClient:
    """One provider. Subclasses fill in try_send; find_sent where the provider can say what
    it already took (so a message left in flight by a killed worker is not sent twice)."""

    name = "base"

    def __init__(self, config: dict):
        self.config = config

    def send(self, message: OutgoingSms) -> str:
        """Hand one message to the provider; return the provider's id for it."""
        return self.try_send(message)

    def try_send(self, message: OutgoingSms) -> str:
        raise NotImplementedError

    def find_sent(self, message: OutgoingSms, since: datetime) -> str | None:
        """The provider's id of this message if it was already taken after `since`."""
        return None
