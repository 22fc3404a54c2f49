"""A message's delivery state and its reason in words, as staff read them; which templates a bulk
send may use."""

from __future__ import annotations

import pytest

from webapp.sms import bulk, followup, templates


def row(status="sent", delivery_status=None, error=None, delivery_error=None) -> dict:
    return {"status": status, "delivery_status": delivery_status, "error": error,
            "delivery_error": delivery_error}


@pytest.mark.parametrize(("message", "label"), [
    (row("created"), "排队中"),
    (row("sending"), "排队中"),
    (row("sent"), "已发送"),
    (row("sent", "sent"), "已发送"),
    (row("sent", "delivered"), "已送达"),
    (row("sent", "undelivered", delivery_error="30003"), "未送达"),
    (row("sent", "failed", delivery_error="30005"), "未送达"),
    (row("failed", error="twilio 21211: invalid"), "发送失败"),
    (row("suppressed", error="opted_out"), "未发送"),
])
def test_every_state_has_a_plain_chinese_label(message, label):
    assert followup.STATE_LABELS[followup.state(message)] == label


@pytest.mark.parametrize(("message", "reason"), [
    (row("sent", "undelivered", delivery_error="30003"), "手机关机或不在服务区（30003）"),
    (row("sent", "undelivered", delivery_error="no_receipt"), "发出72小时仍没有送达回执"),
    (row("failed", error="twilio 21211: The 'To' number 138****8000 is not valid"),
     "号码无效（21211）"),
    (row("failed", error="aliyun isv.MOBILE_NUMBER_ILLEGAL: bad"), "号码无效（isv.MOBILE_NUMBER_ILLEGAL）"),
    (row("failed", error="expired"), "过了有效期还没发出"),
    (row("suppressed", error="opted_out"), "这个号码已退订提醒短信"),
    (row("sent", "undelivered", delivery_error="MN:0001"), "错误码 MN:0001"),
    (row("created", error="twilio unreachable: ConnectionError"),
     "上次没有发出（连不上短信服务商），稍后再试"),
    (row("failed", error="twilio error: something odd"), "twilio error: something odd"),
    (row("sent", "delivered"), ""),
])
def test_the_reason_is_given_in_words_with_its_code(message, reason):
    assert followup.reason(message) == reason


def test_bulk_sends_offer_only_templates_with_no_per_case_fields():
    config = {"SERVICE_NAME": "兜底服务", "SMS_SIGNATURE": "兜底服务"}
    offered = bulk.bulk_templates(config)
    assert [t.name for t in offered] == ["report_changes", "review_season"]
    for template in offered:
        assert templates.get(template.name).fields <= bulk.BULK_FIELDS
        assert template.characters == len(template.body)
        assert template.segments == templates.segments(template.body) == 1


def test_a_template_that_gains_a_per_case_field_is_no_longer_offered(monkeypatch):
    changed = templates.SmsTemplate("report_changes", "您的申请（编号{reference}）……", False)
    monkeypatch.setitem(templates.all_templates(), "report_changes", changed)
    config = {"SERVICE_NAME": "兜底服务", "SMS_SIGNATURE": "兜底服务"}
    assert [t.name for t in bulk.bulk_templates(config)] == ["review_season"]
