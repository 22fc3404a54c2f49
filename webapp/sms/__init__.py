"""Sending SMS: providers behind one small interface, chosen by DOUDI_SMS_BACKEND."""

from __future__ import annotations

from dataclasses import dataclass


class SmsError(Exception):
    """The provider did not take the message; `permanent` means retrying cannot help."""

    def __init__(self, reason: str, permanent: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


@dataclass(frozen=True)
class OutgoingSms:
    reference: str  # ours, made before the provider call, so receipts and retries find the row
    phone: str
    template: str
    params: dict
    body: str


class SmsClient:
    """One provider. Subclasses fill in try_send and return the provider's message id."""

    name = "base"

    def __init__(self, config: dict):
        self.config = config

    def send(self, message: OutgoingSms) -> str:
        return self.try_send(message)

    def try_send(self, message: OutgoingSms) -> str:
        raise NotImplementedError


def get_client(config: dict) -> SmsClient:
    """The provider named by SMS_BACKEND."""
    backend = config.get("SMS_BACKEND", "console")
    if backend == "console":
        from webapp.sms.console import ConsoleClient

        return ConsoleClient(config)
    raise ValueError(f"unknown SMS backend {backend!r}")
