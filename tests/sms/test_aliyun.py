"""The Alibaba Cloud backend, through the real SDK (alibabacloud-dysmsapi20170525) against the
local stand-in: messages go out as registered template code + fields under the registered
signature with our reference as OutId; errors are permanent or temporary as retrying can help;
find_sent finds a message by OutId; delivery reports and replies pushed by Alibaba Cloud act on
the outbox, opt-outs and replies."""

from __future__ import annotations

import json
import logging
import socket
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from conftest import deliver

from tests.sms.aliyun_standin import BEIJING, AliyunStandin
from webapp.sms import OutgoingSms, SmsError, get_client, outbox, receipts, templates
from webapp.sms.aliyun import (
    FOUND_PREFIX,
    AliyunClient,
    apply_reports,
    apply_uplinks,
    template_codes,
)
from webapp.store.engine import immediate

PHONE = "13800138000"
OTHER_PHONE = "13900139000"
ACCESS_KEY_ID = "LTAI-standin-key"
SIGNATURE = "兜底服务"
UNREGISTERED = "refused"  # a template this account has no code for
# Test-only codes, given as ALIYUN_TEMPLATE_CODES the way an operator would give theirs; they win
# over sms.toml, and the empty one takes away whatever code the file gives UNREGISTERED.
CODES = {"sign_in_code": "SMS_100000001", "submission_received": "SMS_100000002",
         "opt_out_confirmed": "SMS_100000003", "status_none": "SMS_100000004",
         UNREGISTERED: ""}


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    """The SDK sends through HTTP(S)_PROXY when set; the stand-in is on this machine."""
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "DEBUG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def _server():
    registered = {code: templates.get(name).fields for name, code in CODES.items() if code}
    with AliyunStandin(ACCESS_KEY_ID, signatures={SIGNATURE}, templates=registered) as standin:
        yield standin


@pytest.fixture
def standin(_server):
    _server.reset()
    yield _server
    _server.reset()


def aliyun_config(endpoint: str, **overrides) -> dict:
    return {
        "SMS_BACKEND": "aliyun",
        "SMS_SIGNATURE": SIGNATURE,
        "ALIYUN_ACCESS_KEY_ID": ACCESS_KEY_ID,
        "ALIYUN_ACCESS_KEY_SECRET": "standin-secret",
        "ALIYUN_ENDPOINT": endpoint,
        "ALIYUN_PROTOCOL": "http",
        "ALIYUN_TEMPLATE_CODES": dict(CODES),
        **overrides,
    }


@pytest.fixture
def aliyun(standin) -> AliyunClient:
    return AliyunClient(aliyun_config(standin.endpoint))


@pytest.fixture
def aliyun_app(app, standin):
    app.config.update(aliyun_config(standin.endpoint))
    return app


def message(template: str = "submission_received", phone: str = PHONE,
            params: dict | None = None) -> OutgoingSms:
    if params is None:
        params = {"form_name": "社会救助申请", "reference": "K7M2Q9XD", "service": "兜底服务"}
    return OutgoingSms(uuid.uuid4().hex, phone, template, params,
                       templates.render(template, params, SIGNATURE))


def queue(db, template: str = "submission_received", phone: str = PHONE,
          params: dict | None = None) -> dict:
    if params is None:
        params = {"form_name": "社会救助申请", "reference": "K7M2Q9XD", "service": "兜底服务"}
    with db.atomic():
        reference = outbox.enqueue(db, phone, template, params, signature=SIGNATURE)
    return row(db, reference)


def row(db, reference: str) -> dict:
    return next(db.query("SELECT * FROM outbox WHERE reference = ?", [reference]))


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- configuration ---------------------------------------------------------------------------

def test_backend_named_aliyun_is_the_aliyun_client(standin):
    assert isinstance(get_client(aliyun_config(standin.endpoint)), AliyunClient)


@pytest.mark.parametrize("missing", ["ALIYUN_ACCESS_KEY_ID", "ALIYUN_ACCESS_KEY_SECRET",
                                     "SMS_SIGNATURE"])
def test_missing_settings_are_named(standin, missing):
    with pytest.raises(ValueError, match=f"DOUDI_{missing}"):
        AliyunClient(aliyun_config(standin.endpoint, **{missing: ""}))


def test_template_codes_from_config_win_over_the_file_and_may_be_json(monkeypatch):
    in_file = templates.SmsTemplate("accepted", "…", False, aliyun_code="SMS_FROM_FILE")
    monkeypatch.setitem(templates.all_templates(), "accepted", in_file)
    assert template_codes({})["accepted"] == "SMS_FROM_FILE"
    assert template_codes({"ALIYUN_TEMPLATE_CODES": '{"accepted": "SMS_OPERATOR"}'}
                          )["accepted"] == "SMS_OPERATOR"
    assert "accepted" not in template_codes({"ALIYUN_TEMPLATE_CODES": {"accepted": ""}})
    with pytest.raises(ValueError, match="JSON object"):
        template_codes({"ALIYUN_TEMPLATE_CODES": "[1, 2]"})


# --- sending ---------------------------------------------------------------------------------

def test_a_message_goes_out_as_template_code_and_fields_under_the_signature(
        aliyun_app, db, standin):
    queued = queue(db)

    assert deliver(aliyun_app) == 1

    [taken] = standin.sent
    assert taken["phone"] == PHONE
    assert taken["sign_name"] == SIGNATURE
    assert taken["template_code"] == CODES["submission_received"]
    assert taken["params"] == {"form_name": "社会救助申请", "reference": "K7M2Q9XD",
                               "service": "兜底服务"}
    assert taken["out_id"] == queued["reference"]
    sent = row(db, queued["reference"])
    assert sent["status"] == "sent" and sent["provider"] == "aliyun"
    assert sent["provider_reference"] == taken["biz_id"]
    assert [call["action"] for call in standin.calls] == ["SendSms"]
    assert standin.calls[0]["access_key_id"] == ACCESS_KEY_ID


def test_a_sign_in_code_and_numeric_fields_go_as_strings(aliyun, standin):
    biz_id = aliyun.send(message("sign_in_code", params={"code": 123456}))

    [taken] = standin.sent
    assert taken["biz_id"] == biz_id
    assert taken["template_code"] == CODES["sign_in_code"]
    assert taken["params"] == {"code": "123456"}


def test_a_template_without_a_registered_code_is_a_permanent_error(aliyun_app, db, standin):
    refused = {"reference": "K7M2Q9XD", "reason": "家庭人均收入超过低保标准"}
    with pytest.raises(SmsError) as raised:
        AliyunClient(aliyun_app.config).send(message(UNREGISTERED, params=refused))
    assert raised.value.permanent
    assert raised.value.reason == f"no registered Aliyun template for {UNREGISTERED}"

    queued = queue(db, UNREGISTERED, params=refused)
    deliver(aliyun_app)
    failed = row(db, queued["reference"])
    assert failed["status"] == "failed" and "no registered Aliyun template" in failed["error"]
    assert failed["attempts"] == 1
    assert standin.calls == [] and standin.sent == []


def test_an_illegal_number_is_a_permanent_error_and_its_reason_hides_the_number(
        aliyun_app, db, standin, caplog):
    standin.reject_number(OTHER_PHONE)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(SmsError) as raised:
        AliyunClient(aliyun_app.config).send(message(phone=OTHER_PHONE))
    assert raised.value.permanent and raised.value.code == "isv.MOBILE_NUMBER_ILLEGAL"

    queued = queue(db, phone=OTHER_PHONE)
    deliver(aliyun_app)
    failed = row(db, queued["reference"])
    assert failed["status"] == "failed" and "isv.MOBILE_NUMBER_ILLEGAL" in failed["error"]
    assert standin.sent == []
    assert OTHER_PHONE not in caplog.text and "139****9000" in caplog.text


@pytest.mark.parametrize("status", [500, 200])
def test_a_system_error_is_temporary_and_the_next_try_goes_out(aliyun_app, db, standin, status):
    standin.fail_next(1, "isp.SYSTEM_ERROR", status)
    queued = queue(db)

    deliver(aliyun_app)

    waiting = row(db, queued["reference"])
    assert waiting["status"] == "created" and "isp.SYSTEM_ERROR" in waiting["error"]
    assert waiting["send_after"] > waiting["created_at"]  # backed off
    assert standin.sent == []
    with immediate(db):
        db.execute("UPDATE outbox SET send_after = created_at WHERE id = ?", [waiting["id"]])
    deliver(aliyun_app)
    sent = row(db, queued["reference"])
    assert sent["status"] == "sent" and sent["attempts"] == 2
    assert [taken["out_id"] for taken in standin.sent] == [queued["reference"]]


@pytest.mark.parametrize(("code", "status"), [
    ("isv.BUSINESS_LIMIT_CONTROL", 200), ("isv.DAY_LIMIT_CONTROL", 200),
    ("Throttling.User", 400), ("ServiceUnavailable", 503), ("InternalError", 500),
    ("isv.AMOUNT_NOT_ENOUGH", 200),
])
def test_flow_control_and_provider_faults_are_temporary(aliyun, standin, code, status):
    standin.fail_next(1, code, status)
    with pytest.raises(SmsError) as raised:
        aliyun.send(message())
    assert not raised.value.permanent and raised.value.code == code


@pytest.mark.parametrize("code", ["isv.SMS_TEMPLATE_ILLEGAL", "isv.SMS_SIGNATURE_ILLEGAL",
                                  "isv.TEMPLATE_MISSING_PARAMETERS", "isv.BLACK_KEY_CONTROL_LIMIT",
                                  "isv.INVALID_PARAMETERS", "isv.PARAM_LENGTH_LIMIT",
                                  "isv.DENY_IP_RANGE"])
def test_template_signature_and_parameter_problems_are_permanent(aliyun, standin, code):
    standin.fail_next(1, code, 200)
    with pytest.raises(SmsError) as raised:
        aliyun.send(message())
    assert raised.value.permanent and raised.value.code == code


def test_the_stand_ins_template_check_is_met_by_what_the_sdk_sends(standin):
    wrong = AliyunClient(aliyun_config(standin.endpoint, SMS_SIGNATURE="别的签名"))
    with pytest.raises(SmsError) as raised:
        wrong.send(message())
    assert raised.value.permanent and raised.value.code == "isv.SMS_SIGNATURE_ILLEGAL"
    unknown = AliyunClient(aliyun_config(
        standin.endpoint, ALIYUN_TEMPLATE_CODES={"submission_received": "SMS_999"}))
    with pytest.raises(SmsError) as raised:
        unknown.send(message())
    assert raised.value.permanent and raised.value.code == "isv.SMS_TEMPLATE_ILLEGAL"


def test_a_wrong_access_key_is_refused_and_not_permanent(standin):
    client = AliyunClient(aliyun_config(standin.endpoint, ALIYUN_ACCESS_KEY_ID="LTAI-other"))
    with pytest.raises(SmsError) as raised:
        client.send(message())
    assert not raised.value.permanent and raised.value.code == "InvalidAccessKeyId.NotFound"
    assert standin.sent == []


def test_no_answer_is_a_temporary_network_error(standin):
    client = AliyunClient(aliyun_config(f"127.0.0.1:{closed_port()}"))
    with pytest.raises(SmsError) as raised:
        client.send(message())
    assert not raised.value.permanent
    assert raised.value.reason.startswith("aliyun unreachable")


# --- looking up what was sent ----------------------------------------------------------------

def test_find_sent_finds_a_message_by_its_out_id_and_not_another(aliyun, standin):
    since = datetime.now(UTC) - timedelta(seconds=5)
    sent, other, elsewhere = message(), message(), message(phone=OTHER_PHONE)
    aliyun.send(sent)
    aliyun.send(message(phone=OTHER_PHONE))  # another message, to another number

    assert aliyun.find_sent(sent, since) == FOUND_PREFIX + sent.reference
    assert aliyun.find_sent(other, since) is None  # same number, never sent
    assert aliyun.find_sent(elsewhere, since) is None
    assert {call["action"] for call in standin.calls} == {"SendSms", "QuerySendDetails"}


def test_find_sent_looks_from_the_day_of_since_to_today_in_beijing(aliyun, standin):
    sent = message()
    aliyun.send(sent)
    standin.calls.clear()

    assert aliyun.find_sent(sent, datetime.now(UTC) - timedelta(days=1)) is not None
    assert aliyun.find_sent(message(), datetime.now(UTC) - timedelta(days=1)) is None
    today = datetime.now(BEIJING)
    days = [(today - timedelta(days=1)).strftime("%Y%m%d"), today.strftime("%Y%m%d")]
    assert [call["action"] for call in standin.calls] == ["QuerySendDetails"] * 4
    assert [call["params"]["SendDate"] for call in standin.calls] == days * 2
    assert {call["params"]["PhoneNumber"] for call in standin.calls} == {PHONE}


def test_find_sent_pages_through_a_busy_day(aliyun, standin):
    early = message()
    aliyun.send(early)
    for _ in range(60):
        aliyun.send(message())
    standin.calls.clear()

    assert aliyun.find_sent(early, datetime.now(UTC) - timedelta(minutes=1)) is not None
    assert len(standin.calls) == 2


def test_a_lookup_that_fails_is_an_sms_error(aliyun, standin):
    standin.fail_next(1)
    with pytest.raises(SmsError) as raised:
        aliyun.find_sent(message(), datetime.now(UTC))
    assert not raised.value.permanent


def test_a_message_left_in_flight_is_found_not_sent_again_and_its_report_names_it(
        aliyun_app, db, standin, aliyun):
    queued = queue(db)
    outgoing = OutgoingSms(queued["reference"], PHONE, queued["template"],
                           json.loads(queued["params"]), queued["body"])
    biz_id = aliyun.send(outgoing)  # taken by Alibaba Cloud; the worker died before recording
    claimed = (datetime.now(UTC) - timedelta(minutes=10)).isoformat(timespec="seconds")
    with immediate(db):
        db.execute("UPDATE outbox SET status = 'sending', attempts = 1, provider = 'aliyun', "
                   "claimed_at = ? WHERE id = ?", [claimed, queued["id"]])

    deliver(aliyun_app)

    found = row(db, queued["reference"])
    assert found["status"] == "sent"
    assert found["provider_reference"] == FOUND_PREFIX + queued["reference"]
    assert len(standin.sent) == 1
    assert apply_reports(db, [standin.report(biz_id)]) == 1
    reported = row(db, queued["reference"])
    assert reported["provider_reference"] == biz_id
    assert reported["delivery_status"] == "delivered"


# --- delivery reports (SmsReport) ------------------------------------------------------------

def sent_row(db, biz_id: str) -> dict:
    queued = queue(db)
    with immediate(db):
        db.execute("UPDATE outbox SET provider = 'aliyun', provider_reference = ?, "
                   "status = 'sent', sent_at = created_at WHERE id = ?", [biz_id, queued["id"]])
    return queued


def test_a_delivery_report_marks_the_message_delivered_and_a_late_one_changes_nothing(
        aliyun, db, standin):
    biz_id = aliyun.send(message())
    queued = sent_row(db, biz_id)

    assert apply_reports(db, [standin.report(biz_id)]) == 1
    delivered = row(db, queued["reference"])
    assert delivered["delivery_status"] == "delivered" and delivered["delivery_error"] is None

    assert apply_reports(db, [standin.report(biz_id), standin.report(biz_id, False)]) == 0
    assert row(db, queued["reference"])["delivery_status"] == "delivered"
    kept = list(db.query("SELECT status, applied FROM sms_receipts WHERE provider = 'aliyun' "
                         "AND provider_reference = ? ORDER BY id", [biz_id]))
    assert kept == [{"status": "delivered", "applied": 1}, {"status": "delivered", "applied": 0},
                    {"status": "undelivered", "applied": 0}]


def test_a_failure_report_marks_the_message_undelivered_with_the_carriers_code(
        aliyun, db, standin):
    biz_id = aliyun.send(message())
    queued = sent_row(db, biz_id)

    assert apply_reports(db, [standin.report(biz_id, delivered=False, err_code="MN:0001")]) == 1

    failed = row(db, queued["reference"])
    assert failed["delivery_status"] == "undelivered" and failed["delivery_error"] == "MN:0001"
    assert failed["id"] in {r["id"] for r in receipts.undelivered(db)}


def test_malformed_report_items_are_skipped(aliyun, db, standin):
    biz_id = aliyun.send(message())
    queued = sent_row(db, biz_id)
    report = standin.report(biz_id)
    report["success"] = "true"  # some pushes carry booleans as text

    assert apply_reports(db, [{"success": True}, "junk", report]) == 1
    assert row(db, queued["reference"])["delivery_status"] == "delivered"
    assert apply_reports(db, {"not": "a list"}) == 0  # type: ignore[arg-type]


def test_a_report_for_an_unknown_message_is_kept_and_changes_nothing(db, standin):
    item = {"phone_number": PHONE, "success": True, "err_code": "DELIVERED",
            "biz_id": "123^0", "out_id": "nobody"}
    assert apply_reports(db, [item]) == 0
    assert db.execute("SELECT outbox_id FROM sms_receipts WHERE provider_reference = '123^0'"
                      ).fetchone()[0] is None


# --- replies (SmsUp) -------------------------------------------------------------------------

def test_a_td_reply_opts_the_number_out(aliyun_app, db, standin):
    assert apply_uplinks(db, [standin.uplink(PHONE, "TD", 1001)], aliyun_app.config) == 1

    assert db.execute("SELECT source FROM opt_outs WHERE phone = ?", [PHONE]).fetchone()[0] \
        == "sms_reply"
    [confirm] = db.query("SELECT * FROM outbox WHERE phone = ? AND kind = 'reply'", [PHONE])
    assert confirm["template"] == "opt_out_confirmed"
    [kept] = db.query("SELECT * FROM inbound_sms")
    assert kept["provider"] == "aliyun" and kept["provider_reference"] == "1001"


def test_a_query_reply_queues_an_answer_and_a_repeated_push_is_acted_on_once(
        aliyun_app, db, standin):
    push = [standin.uplink("86" + PHONE, "查询", 1002)]
    assert apply_uplinks(db, push, aliyun_app.config) == 1
    assert apply_uplinks(db, push, aliyun_app.config) == 0

    replies = list(db.query("SELECT * FROM outbox WHERE phone = ? AND kind = 'reply'", [PHONE]))
    assert [r["template"] for r in replies] == ["status_none"]
    assert not db.execute("SELECT 1 FROM opt_outs").fetchone()


def test_the_queued_answer_goes_out_through_aliyun(aliyun_app, db, standin):
    apply_uplinks(db, [standin.uplink(PHONE, "cx", 1003)], aliyun_app.config)
    deliver(aliyun_app)
    [answer] = standin.sent
    assert answer["template_code"] == CODES["status_none"] and answer["phone"] == PHONE


def test_malformed_reply_items_are_skipped(aliyun_app, db, standin):
    items = [{"content": "TD"}, {"phone_number": "123", "content": "TD", "sequence_id": 1},
             standin.uplink(PHONE, "你好", 1004)]
    assert apply_uplinks(db, items, aliyun_app.config) == 1  # only the last, and it asks nothing
    assert not db.execute("SELECT 1 FROM opt_outs").fetchone()
