"""The Twilio backend, through the real `twilio` library against the local stand-in; and
Twilio's calls to us, signed by the library's own RequestValidator."""

from __future__ import annotations

import logging
import socket
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from twilio.request_validator import RequestValidator

from tests.sms import PUBLIC_URL, twilio_config
from tests.sms.twilio_standin import AUTH_TOKEN, MESSAGING_SERVICE_SID
from webapp.sms import OutgoingSms, SmsError, get_client, outbox
from webapp.sms.twilio import TwilioClient
from webapp.sms.webhooks import EMPTY_TWIML
from webapp.store.engine import connect, immediate

PHONE = "13800138000"
E164 = "+86" + PHONE
STATUS_URL = PUBLIC_URL + "/sms/twilio/status"
INBOUND_URL = PUBLIC_URL + "/sms/twilio/inbound"


def message(body: str = "【兜底服务】您的社会救助申请已提交，编号K7M2Q9XD。", phone: str = PHONE,
            validity_seconds: int | None = None) -> OutgoingSms:
    return OutgoingSms(uuid.uuid4().hex, phone, "submission_received", {}, body,
                       validity_seconds)


@pytest.fixture
def twilio(twilio_standin) -> TwilioClient:
    return TwilioClient(twilio_config(twilio_standin.url))


# --- sending ---------------------------------------------------------------------------------

def test_backend_named_twilio_is_the_twilio_client(twilio_standin):
    assert isinstance(get_client(twilio_config(twilio_standin.url)), TwilioClient)


def test_a_message_reaches_twilio_with_the_mainland_number_text_and_status_callback(
        twilio, twilio_standin):
    sent = message()

    sid = twilio.send(sent)

    [taken] = twilio_standin.messages
    assert sid == taken.sid and sid.startswith("SM")
    assert taken.to == E164
    assert taken.body == sent.body
    assert taken.status_callback == STATUS_URL
    assert taken.messaging_service_sid == MESSAGING_SERVICE_SID
    assert taken.validity_period is None


def test_a_sign_in_code_carries_its_validity_period(twilio, twilio_standin):
    twilio.send(message("【兜底服务】验证码123456，10分钟内有效。", validity_seconds=600))

    assert twilio_standin.messages[0].validity_period == 600


def test_without_a_messaging_service_the_sender_number_is_used(twilio_standin):
    config = {**twilio_config(twilio_standin.url), "TWILIO_MESSAGING_SERVICE_SID": "",
              "TWILIO_FROM": "+15005550006"}

    TwilioClient(config).send(message())

    [taken] = twilio_standin.messages
    assert (taken.from_, taken.messaging_service_sid) == ("+15005550006", None)


def test_a_missing_setting_is_named_at_start(twilio_standin):
    config = {**twilio_config(twilio_standin.url), "TWILIO_AUTH_TOKEN": ""}

    with pytest.raises(ValueError, match="DOUDI_TWILIO_AUTH_TOKEN"):
        TwilioClient(config)


def test_an_invalid_number_is_a_permanent_error_with_twilios_code(twilio, twilio_standin):
    twilio_standin.reject_numbers({E164: 21211})

    with pytest.raises(SmsError) as refused:
        twilio.send(message())

    assert refused.value.permanent is True
    assert refused.value.code == "21211"
    assert PHONE not in refused.value.reason  # Twilio quotes the number; it is masked
    assert twilio_standin.messages == []


def test_a_server_error_is_temporary_and_the_next_try_goes_through(twilio, twilio_standin):
    twilio_standin.fail_next(1, status=500)

    with pytest.raises(SmsError) as refused:
        twilio.send(message())
    sid = twilio.send(message())

    assert refused.value.permanent is False
    assert [m.sid for m in twilio_standin.messages] == [sid]


def test_too_many_requests_is_temporary(twilio, twilio_standin):
    twilio_standin.fail_next(1, status=429)

    with pytest.raises(SmsError) as refused:
        twilio.send(message())

    assert (refused.value.permanent, refused.value.code) == (False, "20429")


def test_unreachable_twilio_is_temporary(twilio_standin):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed_port = unused.getsockname()[1]
    twilio = TwilioClient(twilio_config(f"http://127.0.0.1:{closed_port}"))

    with pytest.raises(SmsError) as refused:
        twilio.send(message())

    assert refused.value.permanent is False


def test_the_standin_holds_its_rate_and_counts_what_went_over(twilio, twilio_standin):
    twilio_standin.limit_per_second = 2

    twilio.send(message("一"))
    twilio.send(message("二"))
    with pytest.raises(SmsError) as refused:
        twilio.send(message("三"))

    assert (refused.value.permanent, refused.value.code) == (False, "20429")
    assert (len(twilio_standin.messages), twilio_standin.over_limit) == (2, 1)
    assert twilio_standin.peak_per_second == 2


def test_neither_the_text_nor_the_full_number_is_logged(twilio, twilio_standin, caplog):
    sent = message("【兜底服务】验证码654321，10分钟内有效。", validity_seconds=600)
    caplog.set_level(logging.INFO)  # urllib3 writes URLs, number included, at DEBUG

    twilio.send(sent)
    twilio.find_sent(sent, datetime.now(UTC) - timedelta(minutes=1))
    twilio_standin.reject_numbers({E164: 21211})
    with pytest.raises(SmsError):
        twilio.send(sent)

    assert "138****8000" in caplog.text
    assert PHONE not in caplog.text
    assert "654321" not in caplog.text


# --- looking up what Twilio already took -----------------------------------------------------

def test_a_message_whose_reply_was_lost_is_found_and_not_sent_again(twilio, twilio_standin):
    sent, since = message(), datetime.now(UTC)
    twilio_standin.lose_replies(1)

    with pytest.raises(SmsError) as lost:
        twilio.send(sent)
    found = twilio.find_sent(sent, since)

    assert lost.value.permanent is False
    [taken] = twilio_standin.messages
    assert found == taken.sid
    assert taken.date_sent is None  # still in Twilio's queue: found by when it was created


def test_a_message_with_another_text_is_not_taken_for_this_one(twilio):
    since = datetime.now(UTC)
    twilio.send(message("【兜底服务】您的申请已受理。"))

    assert twilio.find_sent(message("【兜底服务】您的申请需要补正。"), since) is None


def test_a_message_to_another_number_is_not_taken_for_this_one(twilio):
    since = datetime.now(UTC)
    twilio.send(message(phone="13900139000"))

    assert twilio.find_sent(message(), since) is None


def test_a_message_taken_before_the_claim_is_not_taken_for_this_one(twilio):
    twilio.send(message())

    assert twilio.find_sent(message(), datetime.now(UTC) + timedelta(minutes=1)) is None


def test_a_failed_look_up_is_a_temporary_error_not_a_no(twilio, twilio_standin):
    twilio_standin.fail_next(1, status=503)

    with pytest.raises(SmsError) as refused:
        twilio.find_sent(message(), datetime.now(UTC))

    assert refused.value.permanent is False


# --- delivery receipts -----------------------------------------------------------------------

def signature(url: str, params: dict, token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


def post_signed(client, path: str, params: dict, *, signed_url: str | None = None,
                token: str = AUTH_TOKEN):
    """POST as Twilio does: form fields, signed over the public address."""
    url = signed_url or PUBLIC_URL + path
    return client.post(path, data=params,
                       headers={"X-Twilio-Signature": signature(url, params, token)})


def receipt(sid: str, status: str, **extra) -> dict:
    return {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC" + "d0" * 16,
            "To": E164, **extra}


def sent_message(app, sid: str, phone: str = PHONE) -> int:
    """An outbox row Twilio took as `sid`, as the worker leaves it."""
    db = connect(app.config["DATABASE"])
    try:
        with immediate(db):
            reference = outbox.enqueue(db, phone, "submission_received",
                                       {"form_name": "社会救助申请", "reference": "K7M2Q9XD",
                                        "service": "兜底服务"}, signature="兜底服务")
            db.execute("UPDATE outbox SET provider = 'twilio', provider_reference = ?, "
                       "status = 'sent' WHERE reference = ?", [sid, reference])
        return db.execute("SELECT id FROM outbox WHERE reference = ?", [reference]).fetchone()[0]
    finally:
        db.close()


def row(app, sql: str, params=()) -> list[dict]:
    db = connect(app.config["DATABASE"])
    try:
        return [dict(r) for r in db.execute(sql, params).fetchall()]
    finally:
        db.close()


def delivery(app, outbox_id: int) -> dict:
    [found] = row(app, "SELECT delivery_status, delivery_error FROM outbox WHERE id = ?",
                  [outbox_id])
    return found


def receipts(app) -> list[dict]:
    return row(app, "SELECT status, error_code, outbox_id, applied FROM sms_receipts ORDER BY id")


SID = "SM" + "ab" * 16


def test_a_signed_status_callback_moves_the_delivery_state(twilio_app):
    outbox_id = sent_message(twilio_app, SID)

    response = post_signed(twilio_app.test_client(), "/sms/twilio/status",
                           receipt(SID, "delivered"))

    assert response.status_code == 204
    assert delivery(twilio_app, outbox_id)["delivery_status"] == "delivered"
    assert receipts(twilio_app) == [{"status": "delivered", "error_code": None,
                                     "outbox_id": outbox_id, "applied": 1}]


def test_an_undelivered_receipt_keeps_twilios_error_code(twilio_app):
    outbox_id = sent_message(twilio_app, SID)

    post_signed(twilio_app.test_client(), "/sms/twilio/status",
                receipt(SID, "undelivered", ErrorCode="30003"))

    assert delivery(twilio_app, outbox_id) == {"delivery_status": "undelivered",
                                               "delivery_error": "30003"}


def test_a_late_sent_after_delivered_does_not_move_it_back(twilio_app):
    outbox_id = sent_message(twilio_app, SID)
    client = twilio_app.test_client()

    post_signed(client, "/sms/twilio/status", receipt(SID, "delivered"))
    response = post_signed(client, "/sms/twilio/status", receipt(SID, "sent"))

    assert response.status_code == 204
    assert delivery(twilio_app, outbox_id)["delivery_status"] == "delivered"
    assert [r["applied"] for r in receipts(twilio_app)] == [1, 0]


def test_a_repeated_receipt_is_kept_but_changes_nothing(twilio_app):
    outbox_id = sent_message(twilio_app, SID)
    client = twilio_app.test_client()

    post_signed(client, "/sms/twilio/status", receipt(SID, "delivered"))
    before = row(twilio_app, "SELECT * FROM outbox WHERE id = ?", [outbox_id])
    post_signed(client, "/sms/twilio/status", receipt(SID, "delivered"))

    assert row(twilio_app, "SELECT * FROM outbox WHERE id = ?", [outbox_id]) == before
    assert [(r["status"], r["applied"]) for r in receipts(twilio_app)] == \
        [("delivered", 1), ("delivered", 0)]


def test_a_receipt_for_a_message_we_do_not_know_is_kept(twilio_app):
    response = post_signed(twilio_app.test_client(), "/sms/twilio/status",
                           receipt(SID, "delivered"))

    assert response.status_code == 204
    assert receipts(twilio_app) == [{"status": "delivered", "error_code": None,
                                     "outbox_id": None, "applied": 0}]


def test_a_wrongly_signed_callback_is_refused_and_changes_nothing(twilio_app):
    outbox_id = sent_message(twilio_app, SID)

    response = post_signed(twilio_app.test_client(), "/sms/twilio/status",
                           receipt(SID, "delivered"), token="not-our-auth-token")

    assert response.status_code == 403
    assert receipts(twilio_app) == []
    assert delivery(twilio_app, outbox_id)["delivery_status"] is None


def test_an_unsigned_callback_is_refused_and_changes_nothing(twilio_app):
    outbox_id = sent_message(twilio_app, SID)

    response = twilio_app.test_client().post("/sms/twilio/status",
                                             data=receipt(SID, "delivered"))

    assert response.status_code == 403
    assert receipts(twilio_app) == []
    assert delivery(twilio_app, outbox_id)["delivery_status"] is None


@pytest.mark.parametrize("signed_url", [
    "http://doudi.example.org/sms/twilio/status",  # http, not the public https
    "http://localhost/sms/twilio/status",  # the address the app itself sees behind the proxy
    "https://elsewhere.example.org/sms/twilio/status",
    INBOUND_URL,  # another of our addresses
])
def test_a_signature_for_another_address_is_refused(twilio_app, signed_url):
    response = post_signed(twilio_app.test_client(), "/sms/twilio/status",
                           receipt(SID, "delivered"), signed_url=signed_url)

    assert response.status_code == 403
    assert receipts(twilio_app) == []


def test_a_signature_over_other_fields_is_refused(twilio_app):
    signed = signature(STATUS_URL, receipt(SID, "failed"))

    response = twilio_app.test_client().post("/sms/twilio/status",
                                             data=receipt(SID, "delivered"),
                                             headers={"X-Twilio-Signature": signed})

    assert response.status_code == 403
    assert receipts(twilio_app) == []


def test_a_query_string_is_part_of_the_signed_address(twilio_app):
    client = twilio_app.test_client()
    params = receipt(SID, "delivered")

    unsigned_query = post_signed(client, "/sms/twilio/status?attempt=2", params,
                                 signed_url=STATUS_URL)
    signed_query = post_signed(client, "/sms/twilio/status?attempt=2", params)

    assert (unsigned_query.status_code, signed_query.status_code) == (403, 204)


def test_a_signature_over_the_address_with_its_port_is_accepted(twilio_app):
    response = post_signed(twilio_app.test_client(), "/sms/twilio/status",
                           receipt(SID, "delivered"),
                           signed_url="https://doudi.example.org:443/sms/twilio/status")

    assert response.status_code == 204


def test_without_an_auth_token_nothing_is_accepted(twilio_app):
    twilio_app.config["TWILIO_AUTH_TOKEN"] = ""

    response = post_signed(twilio_app.test_client(), "/sms/twilio/status",
                           receipt(SID, "delivered"), token="")

    assert response.status_code == 403
    assert receipts(twilio_app) == []


def test_every_twilio_webhook_refuses_an_unsigned_post(twilio_app):
    paths = [rule.rule for rule in twilio_app.url_map.iter_rules()
             if rule.endpoint.startswith("sms_webhooks.")]

    assert sorted(paths) == ["/sms/twilio/inbound", "/sms/twilio/status"]
    for path in paths:
        assert twilio_app.test_client().post(path, data={"MessageSid": SID}).status_code == 403


# --- replies ---------------------------------------------------------------------------------

def reply(body: str, sender: str = E164, sid: str | None = None) -> dict:
    return {"MessageSid": sid or "SM" + uuid.uuid4().hex, "AccountSid": "AC" + "d0" * 16,
            "From": sender, "To": "+15005550006", "Body": body, "NumMedia": "0"}


def test_a_signed_td_opts_the_number_out(twilio_app):
    response = post_signed(twilio_app.test_client(), "/sms/twilio/inbound", reply("TD"))

    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    assert response.get_data(as_text=True) == EMPTY_TWIML
    assert [r["phone"] for r in row(twilio_app, "SELECT phone FROM opt_outs")] == [PHONE]


def test_a_signed_query_queues_a_reply_through_the_outbox(twilio_app):
    response = post_signed(twilio_app.test_client(), "/sms/twilio/inbound", reply("查询"))

    assert response.get_data(as_text=True) == EMPTY_TWIML
    queued = row(twilio_app, "SELECT phone, kind, status FROM outbox")
    assert queued == [{"phone": PHONE, "kind": "reply", "status": "created"}]


def test_a_reply_repeated_by_twilio_is_acted_on_once(twilio_app):
    client = twilio_app.test_client()
    params = reply("查询")

    post_signed(client, "/sms/twilio/inbound", params)
    post_signed(client, "/sms/twilio/inbound", params)

    assert len(row(twilio_app, "SELECT id FROM inbound_sms")) == 1
    assert len(row(twilio_app, "SELECT id FROM outbox")) == 1


def test_a_reply_from_outside_the_mainland_is_ignored(twilio_app):
    response = post_signed(twilio_app.test_client(), "/sms/twilio/inbound",
                           reply("TD", sender="+15551234567"))

    assert response.status_code == 200
    assert row(twilio_app, "SELECT id FROM inbound_sms") == []
    assert row(twilio_app, "SELECT phone FROM opt_outs") == []


def test_an_unsigned_reply_is_refused_and_opts_no_one_out(twilio_app):
    response = twilio_app.test_client().post("/sms/twilio/inbound", data=reply("TD"))

    assert response.status_code == 403
    assert row(twilio_app, "SELECT id FROM inbound_sms") == []
    assert row(twilio_app, "SELECT phone FROM opt_outs") == []
