"""Twilio, through the official `twilio` library: each message carries a status callback under
PUBLIC_URL, and a sign-in code carries a validity period so a code stuck in a queue dies."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from webapp.domain.otp import mask_phone
from webapp.sms.base import OutgoingSms, SmsClient, SmsError

log = logging.getLogger(__name__)

# The library logs every request at INFO, query string included, and a lookup's query holds
# the full phone number; keep its log to warnings and errors.
_http_log = logging.getLogger(__name__ + ".http")
_http_log.setLevel(logging.WARNING)

STATUS_PATH = "/sms/twilio/status"
TIMEOUT_SECONDS = 15  # a hung call must not hold the worker; the message is then looked up
LOOKUP_LIMIT = 50
# Twilio stamps messages to the second, and its clock is not ours.
CLOCK_SLACK = timedelta(seconds=2)

# Error codes that say the recipient cannot be reached this way: retrying cannot help.
PERMANENT_CODES = {
    21211,  # invalid 'To' number
    21214,  # 'To' number cannot be reached
    21217,  # number does not appear to be valid
    21407,  # this number is not supported for SMS
    21408,  # no permission to send to this region
    21610,  # the recipient replied STOP
    21612,  # cannot route to this number
    21614,  # 'To' is not a mobile number
}
TEMPORARY_CODES = {20429}  # too many requests
PERMANENT_HTTP = {400, 403, 404}


class _PointedHttpClient(TwilioHttpClient):
    """The library's own HTTP client, sending what it addresses to *.twilio.com to another
    base URL instead: a local stand-in for tests and benchmarks."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base = urlsplit(base_url.rstrip("/"))

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if host == "twilio.com" or host.endswith(".twilio.com"):
            url = urlunsplit((self.base.scheme, self.base.netloc, self.base.path + parts.path,
                              parts.query, parts.fragment))
        return super().request(method, url, *args, **kwargs)


class TwilioClient(SmsClient):
    name = "twilio"

    def __init__(self, config: dict):
        super().__init__(config)
        for key in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "PUBLIC_URL"):
            if not config.get(key):
                raise ValueError(f"the twilio SMS backend needs DOUDI_{key}")
        if not (config.get("TWILIO_MESSAGING_SERVICE_SID") or config.get("TWILIO_FROM")):
            raise ValueError("the twilio SMS backend needs DOUDI_TWILIO_MESSAGING_SERVICE_SID "
                             "or DOUDI_TWILIO_FROM")
        self.status_callback = config["PUBLIC_URL"].rstrip("/") + STATUS_PATH
        http_options = {"timeout": TIMEOUT_SECONDS, "logger": _http_log}
        if config.get("TWILIO_API_BASE"):
            http_client = _PointedHttpClient(config["TWILIO_API_BASE"], **http_options)
        else:
            http_client = TwilioHttpClient(**http_options)
        self.client = Client(config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"],
                             http_client=http_client)

    def _sender(self) -> dict[str, Any]:
        if self.config.get("TWILIO_MESSAGING_SERVICE_SID"):
            return {"messaging_service_sid": self.config["TWILIO_MESSAGING_SERVICE_SID"]}
        return {"from_": self.config["TWILIO_FROM"]}

    def try_send(self, message: OutgoingSms) -> str:
        options = self._sender()
        if message.validity_seconds:
            # Twilio accepts 1..36000 seconds.
            options["validity_period"] = max(1, min(int(message.validity_seconds), 36000))
        try:
            created = self.client.messages.create(
                to=_e164(message.phone), body=message.body,
                status_callback=self.status_callback, **options)
        except (TwilioException, requests.RequestException) as error:
            raise _sms_error(error, message) from error
        log.info("twilio took sms %s to %s as %s", message.reference,
                 mask_phone(message.phone), created.sid)
        return created.sid

    def find_sent(self, message: OutgoingSms, since: datetime) -> str | None:
        """The sid of a message to this number with this text created after `since`.

        Matched on date_created, not date_sent: Twilio leaves date_sent empty while a message
        waits in its queue, which is just where one handed over by a killed worker may be."""
        since = (since if since.tzinfo else since.replace(tzinfo=UTC)) - CLOCK_SLACK
        try:
            taken = self.client.messages.list(to=_e164(message.phone), limit=LOOKUP_LIMIT)
        except (TwilioException, requests.RequestException) as error:
            raise _sms_error(error, message) from error
        for candidate in taken:
            if candidate.body == message.body and candidate.date_created is not None \
                    and candidate.date_created >= since:
                log.info("twilio already had sms %s to %s as %s", message.reference,
                         mask_phone(message.phone), candidate.sid)
                return candidate.sid
        return None


def _e164(phone: str) -> str:
    return "+86" + phone


def _sms_error(error: Exception, message: OutgoingSms) -> SmsError:
    """Twilio's refusal as an SmsError: permanent when the number is at fault."""
    if isinstance(error, (TwilioRestException, TwilioServiceException)):
        status, code = int(error.status or 0), error.code
        text = error.msg if isinstance(error, TwilioRestException) else error.title
        temporary = status == 429 or status >= 500 or code in TEMPORARY_CODES
        permanent = not temporary and (code in PERMANENT_CODES or status in PERMANENT_HTTP)
        reason = _redact(f"twilio {code or status}: {text}", message.phone)
    elif isinstance(error, TwilioException):
        code, permanent = None, False
        reason = f"twilio error: {error.args[0] if error.args else type(error).__name__}"
    else:
        code, permanent = None, False
        reason = f"twilio unreachable: {type(error).__name__}"
    log.warning("twilio refused sms %s to %s: %s%s", message.reference,
                mask_phone(message.phone), reason, " (permanent)" if permanent else "")
    return SmsError(reason, permanent=permanent, code=str(code) if code is not None else None)


def _redact(text: str, phone: str) -> str:
    """Twilio's messages quote the number; keep only its masked form."""
    return str(text).replace(_e164(phone), mask_phone(phone)).replace(phone, mask_phone(phone))
