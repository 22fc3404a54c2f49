"""Twilio's requests to us: delivery receipts and replies. Each must carry Twilio's signature
over the address the world sees (PUBLIC_URL); it is recorded and answered at once, and any
work it causes (a reply) goes through the outbox."""

from __future__ import annotations

import logging

from flask import Blueprint, Flask, Response, abort, current_app, request
from twilio.request_validator import RequestValidator

from webapp import csrf
from webapp.domain.otp import InvalidPhone, mask_phone, normalise_phone
from webapp.sms import aliyun_push, inbound, receipts
from webapp.store.engine import get_db

log = logging.getLogger(__name__)

bp = Blueprint("sms_webhooks", __name__, url_prefix="/sms")
csrf.exempt(bp)  # Twilio cannot hold a CSRF token; its signature stands in for one

SIGNATURE_HEADER = "X-Twilio-Signature"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def signed_by_twilio() -> bool:
    """True when X-Twilio-Signature matches this request as Twilio addressed it."""
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    signature = request.headers.get(SIGNATURE_HEADER)
    if not token or not signature:  # an empty token would make every signature forgeable
        return False
    # Behind the proxy the request arrives for another host; Twilio signed the public one.
    path = request.full_path if request.query_string else request.path
    url = current_app.config["PUBLIC_URL"].rstrip("/") + path
    return RequestValidator(token).validate(url, request.form, signature)


@bp.before_request
def require_twilio_signature() -> None:
    if not signed_by_twilio():
        log.warning("refused an unsigned or wrongly signed request to %s", request.path)
        abort(403)


@bp.post("/twilio/status")
def twilio_status() -> tuple[str, int]:
    """A delivery receipt: kept, and applied if it moves the message forward."""
    sid = request.form.get("MessageSid") or request.form.get("SmsSid")
    status = request.form.get("MessageStatus") or request.form.get("SmsStatus")
    if not sid or not status:
        abort(400)
    receipts.record(get_db(), "twilio", sid, status, request.form.get("ErrorCode") or None)
    return "", 204


@bp.post("/twilio/inbound")
def twilio_inbound() -> Response:
    """A reply from a phone. Answered with empty TwiML: any answer goes out by the outbox."""
    sid = request.form.get("MessageSid") or request.form.get("SmsSid")
    if not sid:
        abort(400)
    try:
        phone = normalise_phone(request.form.get("From", ""))
    except InvalidPhone:
        log.info("ignored reply %s: not from a mainland mobile number", sid)
    else:
        action = inbound.handle(get_db(), provider="twilio", provider_reference=sid, phone=phone,
                                body=request.form.get("Body", ""), config=current_app.config)
        log.info("reply %s from %s: %s", sid, mask_phone(phone), action)
    return Response(EMPTY_TWIML, mimetype="text/xml")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(aliyun_push.bp)
