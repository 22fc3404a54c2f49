"""Alibaba Cloud SMS, through its official SDK (`alibabacloud-dysmsapi20170525`, the optional
`aliyun` extra). Mainland carriers take only registered templates under a registered signature,
so a message goes out as the template's registered code plus its fields, never as free text.

Delivery reports (SmsReport) and replies (SmsUp) are pushed by Alibaba Cloud as JSON arrays to
URLs set in its console; `apply_reports` and `apply_uplinks` act on them. Alibaba Cloud takes a
push as received only when the answer is `ACK`; anything else is pushed again later."""

from __future__ import annotations

import json
import logging
import os
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from sqlite_utils import Database

from webapp.domain.otp import mask_phone
from webapp.sms import inbound, receipts, templates
from webapp.sms.base import OutgoingSms, SmsClient, SmsError
from webapp.sms.schedule import BEIJING
from webapp.store import outbox as store
from webapp.store.engine import immediate

log = logging.getLogger(__name__)

DEFAULT_ENDPOINT = "dysmsapi.aliyuncs.com"
CONNECT_TIMEOUT_MS = 5000
READ_TIMEOUT_MS = 15000  # a hung call must not hold the worker; the message is then looked up
PAGE_SIZE = 50  # the most QuerySendDetails returns at once
MAX_PAGES = 10
LOOKUP_DAYS = 3  # QuerySendDetails asks one Beijing day at a time; a stale claim is minutes old
# find_sent learns our reference (OutId) but not Alibaba Cloud's BizId: QuerySendDetails does not
# return it. Such a message is recorded under this prefix and our reference until its delivery
# report (which carries both) gives the real BizId.
FOUND_PREFIX = "outid:"
# The answer Alibaba Cloud expects to a report or reply push.
ACK = {"code": 0, "msg": "接收成功"}

# Codes that say this message can never go out as it is: retrying cannot help.
PERMANENT_CODES = {
    "isv.MOBILE_NUMBER_ILLEGAL",  # not a valid mobile number
    "isv.MOBILE_COUNT_OVER_LIMIT",
    "isv.DOMESTIC_NUMBER_NOT_SUPPORTED",
    "isv.TEMPLATE_MISSING_PARAMETERS",
    "isv.TEMPLATE_PARAMS_ILLEGAL",
    "isv.SMS_TEMPLATE_ILLEGAL",  # no such approved template
    "isv.SMS_SIGNATURE_ILLEGAL",  # no such approved signature
    "isv.SMS_SIGN_ILLEGAL",
    "isv.SMS_SIGNATURE_SCENE_ILLEGAL",
    "isv.SMS_CONTENT_ILLEGAL",
    "isv.BLACK_KEY_CONTROL_LIMIT",  # a blocked keyword
    "isv.INVALID_PARAMETERS",
    "isv.INVALID_JSON_PARAM",
    "isv.PARAM_LENGTH_LIMIT",  # a field longer than the template allows
    "isv.PARAM_NOT_SUPPORT_URL",  # no URLs in fields to mainland numbers
    "isv.EXTEND_CODE_ERROR",
    "isv.DENY_IP_RANGE",
    "isv.SMS_TEST_SIGN_TEMPLATE_LIMIT",
    "isv.SMS_TEST_TEMPLATE_LIMIT",
    "isv.SMS_TEST_NUMBER_LIMIT",
}
# Flow control, the provider's own faults, and account problems an operator can fix (balance,
# keys) are temporary: the worker tries again with backoff, then marks the message failed.
# isv.DAY_LIMIT_CONTROL (too many messages to one number today) is temporary on purpose: the
# backoff carries it into a later try, and the worker's attempt limit ends it.
TEMPORARY_CODES = {
    "isv.BUSINESS_LIMIT_CONTROL", "isv.DAY_LIMIT_CONTROL", "isv.MONTH_LIMIT_CONTROL",
    "isp.SYSTEM_ERROR", "isp.GATEWAY_ERROR", "isv.OUT_OF_SERVICE", "isv.AMOUNT_NOT_ENOUGH",
    "ServiceUnavailable", "InternalError",
}


def _sdk() -> tuple[Any, Any, Any]:
    """The SDK's client class and model modules: an optional extra, imported only when used,
    so that the report and reply handlers below work without it."""
    try:
        from alibabacloud_dysmsapi20170525 import models
        from alibabacloud_dysmsapi20170525.client import Client
        from alibabacloud_tea_openapi import models as open_api_models
    except ImportError as error:
        raise RuntimeError("the aliyun SMS backend needs the 'aliyun' extra: "
                           "pip install 'doudi[aliyun]'") from error
    return Client, models, open_api_models


def _tea_errors() -> tuple[type[BaseException], ...]:
    from Tea.exceptions import TeaException  # every SDK error, network ones included

    return (TeaException, requests.RequestException, OSError)


class _NoQueryStrings(logging.Filter):
    """The SDK sends every parameter in the query string, phone number and sign-in code
    included, and urllib3 logs each request line at DEBUG: keep the path, drop the query."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(arg.split("?", 1)[0] + "?…" if isinstance(arg, str) and "?" in arg
                                else arg for arg in record.args)
        return True


def _hide_query_strings() -> None:
    http_log = logging.getLogger("urllib3.connectionpool")
    if not any(isinstance(f, _NoQueryStrings) for f in http_log.filters):
        http_log.addFilter(_NoQueryStrings())


def template_codes(config: dict) -> dict[str, str]:
    """Template name -> registered Alibaba Cloud template code: `aliyun_code` in sms.toml,
    overridden by ALIYUN_TEMPLATE_CODES (a JSON object, or a dict) so that operators can set
    their own account's codes without editing the file; an empty code there removes one."""
    codes = {name: t.aliyun_code for name, t in templates.all_templates().items() if t.aliyun_code}
    override = config.get("ALIYUN_TEMPLATE_CODES") or {}
    if isinstance(override, str):
        try:
            override = json.loads(override)
        except ValueError as error:
            raise ValueError("DOUDI_ALIYUN_TEMPLATE_CODES must be a JSON object "
                             "of template name to template code") from error
    if not isinstance(override, dict):
        raise ValueError("DOUDI_ALIYUN_TEMPLATE_CODES must be a JSON object "
                         "of template name to template code")
    for name, code in override.items():
        if code:
            codes[str(name)] = str(code)
        else:  # this account has no such template
            codes.pop(str(name), None)
    return codes


class AliyunClient(SmsClient):
    """SendSms with the template's registered code, the registered signature (SMS_SIGNATURE)
    and our reference as OutId. Alibaba Cloud has no validity period for a message: a sign-in
    code past its time is dropped by the worker before it is handed over. The SDK's own retries
    stay off (the worker retries with backoff)."""

    name = "aliyun"

    def __init__(self, config: dict):
        super().__init__(config)
        for key in ("ALIYUN_ACCESS_KEY_ID", "ALIYUN_ACCESS_KEY_SECRET", "SMS_SIGNATURE"):
            if not config.get(key):
                raise ValueError(f"the aliyun SMS backend needs DOUDI_{key}")
        protocol = str(config.get("ALIYUN_PROTOCOL") or "https").lower()
        if protocol not in ("https", "http"):
            raise ValueError("DOUDI_ALIYUN_PROTOCOL must be https or http")
        self.sign_name = str(config["SMS_SIGNATURE"])
        self.codes = template_codes(config)
        client_class, self.models, open_api_models = _sdk()
        _hide_query_strings()
        if os.environ.get("DEBUG", "").lower() == "sdk":
            log.warning("DEBUG=sdk makes the Alibaba Cloud SDK log whole requests, "
                        "phone numbers and sign-in codes included")
        self.client = client_class(open_api_models.Config(
            access_key_id=str(config["ALIYUN_ACCESS_KEY_ID"]),
            access_key_secret=str(config["ALIYUN_ACCESS_KEY_SECRET"]),
            endpoint=str(config.get("ALIYUN_ENDPOINT") or DEFAULT_ENDPOINT),
            protocol=protocol,
            connect_timeout=CONNECT_TIMEOUT_MS,
            read_timeout=READ_TIMEOUT_MS,
        ))

    def try_send(self, message: OutgoingSms) -> str:
        code = self.codes.get(message.template)
        if not code:
            error = SmsError(f"no registered Aliyun template for {message.template}",
                             permanent=True)
            log.warning("aliyun cannot send sms %s: %s", message.reference, error.reason)
            raise error
        request = self.models.SendSmsRequest(
            phone_numbers=message.phone, sign_name=self.sign_name, template_code=code,
            # Field values as strings: Alibaba Cloud rejects numbers in some templates.
            template_param=json.dumps({k: str(v) for k, v in message.params.items()},
                                      ensure_ascii=False),
            out_id=message.reference)
        try:
            body = self.client.send_sms(request).body
        except _tea_errors() as error:
            raise _sms_error(error, message) from error
        if body is None or body.code != "OK" or not body.biz_id:
            raise _refused(getattr(body, "code", None), getattr(body, "message", None), None,
                           message)
        log.info("aliyun took sms %s to %s as %s", message.reference,
                 mask_phone(message.phone), body.biz_id)
        return str(body.biz_id)

    def find_sent(self, message: OutgoingSms, since: datetime) -> str | None:
        """Our reference (sent as OutId) among the messages to this number since `since`.

        QuerySendDetails asks one Beijing day at a time and does not return the BizId, so a
        message found here is named FOUND_PREFIX + our reference; its delivery report later
        carries the real BizId (apply_reports)."""
        since = since if since.tzinfo else since.replace(tzinfo=UTC)
        first = since.astimezone(BEIJING).date()
        today = datetime.now(BEIJING).date()
        day = max(first, today - timedelta(days=LOOKUP_DAYS - 1))
        while day <= today:
            if self._sent_on(message, day.strftime("%Y%m%d")):
                log.info("aliyun already had sms %s to %s", message.reference,
                         mask_phone(message.phone))
                return FOUND_PREFIX + message.reference
            day += timedelta(days=1)
        return None

    def _sent_on(self, message: OutgoingSms, send_date: str) -> bool:
        for page in range(1, MAX_PAGES + 1):
            request = self.models.QuerySendDetailsRequest(
                phone_number=message.phone, send_date=send_date, page_size=PAGE_SIZE,
                current_page=page)
            try:
                body = self.client.query_send_details(request).body
            except _tea_errors() as error:
                raise _sms_error(error, message) from error
            if body is None or body.code != "OK":
                raise _refused(getattr(body, "code", None), getattr(body, "message", None),
                               None, message)
            dtos = body.sms_send_detail_dtos
            details = (dtos.sms_send_detail_dto if dtos else None) or []
            if any(detail.out_id == message.reference for detail in details):
                return True
            if len(details) < PAGE_SIZE or page * PAGE_SIZE >= int(body.total_count or 0):
                return False
        return False


def _status(error: BaseException) -> int:
    """The HTTP status of an SDK error, in either generation of the SDK's exceptions."""
    for attr in ("status_code", "statusCode"):
        value = getattr(error, attr, None)
        if value:
            return int(value)
    data = getattr(error, "data", None)
    if isinstance(data, dict) and data.get("statusCode"):
        return int(data["statusCode"])
    return 0


def _sms_error(error: BaseException, message: OutgoingSms) -> SmsError:
    """An SDK exception as an SmsError: an answer from Alibaba Cloud is mapped by its code,
    anything else (no answer, a broken one) is a network error and temporary."""
    from Tea.exceptions import UnretryableException

    status = _status(error)
    code = getattr(error, "code", None)
    if isinstance(error, UnretryableException) or not (code or status):
        inner = getattr(error, "inner_exception", None) or error
        sms_error = SmsError(f"aliyun unreachable: {type(inner).__name__}")
        log.warning("aliyun unreachable for sms %s to %s: %s", message.reference,
                    mask_phone(message.phone), type(inner).__name__)
        return sms_error
    return _refused(str(code) if code else None, getattr(error, "message", None), status,
                    message)


def _refused(code: str | None, text: str | None, status: int | None,
             message: OutgoingSms) -> SmsError:
    code = code or None
    temporary = (code in TEMPORARY_CODES or (code or "").startswith(("Throttling", "isp."))
                 or (status or 0) >= 500 or status == 429)
    permanent = not temporary and code in PERMANENT_CODES
    reason = _redact(f"aliyun {code or status or 'error'}: {text or ''}".rstrip(": "),
                     message.phone)
    log.warning("aliyun refused sms %s to %s: %s%s", message.reference,
                mask_phone(message.phone), reason, " (permanent)" if permanent else "")
    return SmsError(reason, permanent=permanent, code=code)


def _redact(text: str, phone: str) -> str:
    """Alibaba Cloud's messages may quote the number; keep only its masked form."""
    return str(text).replace(phone, mask_phone(phone))[:300]


def _phone(value: Any) -> str:
    """'8613800138000', '+86 138 0013 8000' -> '13800138000'."""
    digits = re.sub(r"\D", "", str(value or ""))
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits


def apply_reports(db: Database, items: list[dict]) -> int:
    """Act on a push of SmsReport items (phone_number, send_time, report_time, success,
    err_code, err_msg, sms_size, biz_id, out_id): each moves its message to delivered or
    undelivered, never backwards. Returns how many moved a message; malformed items are
    skipped, so that one bad item cannot make Alibaba Cloud push the whole batch again."""
    moved = 0
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not item.get("biz_id"):
            continue
        biz_id = str(item["biz_id"])
        if item.get("out_id"):
            _adopt_biz_id(db, str(item["out_id"]), biz_id)
        success = item.get("success")
        delivered = success is True or str(success).lower() == "true"
        error_code = None if delivered else str(item.get("err_code") or "") or None
        if receipts.record(db, "aliyun", biz_id, "delivered" if delivered else "undelivered",
                           error_code):
            moved += 1
    return moved


def _adopt_biz_id(db: Database, out_id: str, biz_id: str) -> None:
    """A message found by find_sent is named by our reference; its report names the BizId."""
    with immediate(db):
        store.rename_reference(db, "aliyun", FOUND_PREFIX + out_id, biz_id)


def apply_uplinks(db: Database, items: list[dict], config: dict) -> int:
    """Act on a push of SmsUp items (phone_number, send_time, content, sign_name, dest_code,
    sequence_id): 退订/TD opt out, 查询/CX get the state of the latest submission. Each reply is
    acted on once however often it is pushed. Returns how many were new."""
    handled = 0
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or item.get("sequence_id") in (None, ""):
            continue
        phone = _phone(item.get("phone_number"))
        if len(phone) != 11:
            continue
        action = inbound.handle(db, provider="aliyun", provider_reference=str(item["sequence_id"]),
                                phone=phone, body=str(item.get("content") or ""), config=config)
        if action != "duplicate":
            handled += 1
    return handled
