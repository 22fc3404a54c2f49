"""Sending SMS: providers behind one small interface (webapp/sms/base.py), chosen by
DOUDI_SMS_BACKEND."""

from __future__ import annotations

from webapp.sms.aliyun import AliyunClient
from webapp.sms.base import OutgoingSms, SmsClient, SmsError
from webapp.sms.console import ConsoleClient
from webapp.sms.twilio import TwilioClient

__all__ = ["OutgoingSms", "SmsClient", "SmsError", "get_client"]


def get_client(config: dict) -> SmsClient:
    """The provider named by SMS_BACKEND."""
    backend = config.get("SMS_BACKEND", "console")
    if backend == "console":
        return ConsoleClient(config)
    if backend == "twilio":
        return TwilioClient(config)
    if backend == "aliyun":
        return AliyunClient(config)
    raise ValueError(f"unknown SMS backend {backend!r}")
