"""The default provider: messages stay in the outbox and are read at /dev/sms."""

from __future__ import annotations

import logging

from webapp.domain.otp import mask_phone
from webapp.sms.base import OutgoingSms, SmsClient

log = logging.getLogger(__name__)


class ConsoleClient(SmsClient):
    name = "console"

    def try_send(self, message: OutgoingSms) -> str:
        # Never log the body: it may hold a sign-in code.
        log.info("console sms %s to %s (%s)", message.reference, mask_phone(message.phone),
                 message.template)
        return "console-" + message.reference
