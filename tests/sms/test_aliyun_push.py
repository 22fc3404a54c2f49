"""Alibaba Cloud's pushes reach us only with the secret token in the URL."""

from __future__ import annotations

from webapp.sms import optout, outbox
from webapp.store.engine import connect

TOKEN = "s3cret-push-token"


def test_a_push_without_the_right_token_is_refused_and_changes_nothing(app, client):
    app.config["ALIYUN_PUSH_TOKEN"] = TOKEN
    items = [{"phone_number": "13800138000", "content": "TD", "sequence_id": 1,
              "send_time": "2026-11-23 10:00:00", "sign_name": "兜底服务", "dest_code": "1"}]
    assert client.post("/sms/aliyun/inbound/wrong", json=items).status_code == 403
    assert not optout.is_opted_out(connect(app.config["DATABASE"]), "13800138000")


def test_with_no_token_configured_every_push_is_refused(app, client):
    assert client.post("/sms/aliyun/report/", json=[]).status_code in (403, 404, 405)
    assert client.post("/sms/aliyun/report/anything", json=[]).status_code == 403


def test_a_reply_pushed_with_the_token_opts_out_and_is_acknowledged(app, client):
    app.config["ALIYUN_PUSH_TOKEN"] = TOKEN
    items = [{"phone_number": "8613800138000", "content": "退订", "sequence_id": 7,
              "send_time": "2026-11-23 10:00:00", "sign_name": "兜底服务", "dest_code": "1"}]
    response = client.post(f"/sms/aliyun/inbound/{TOKEN}", json=items)
    assert response.status_code == 200 and response.get_json()["code"] == 0
    assert optout.is_opted_out(connect(app.config["DATABASE"]), "13800138000")


def test_a_delivery_report_pushed_with_the_token_moves_the_message(app, client):
    app.config["ALIYUN_PUSH_TOKEN"] = TOKEN
    db = connect(app.config["DATABASE"])
    with db.atomic():
        reference = outbox.enqueue(db, "13800138000", "submission_received",
                                   {"form_name": "自主申报", "reference": "K7M2Q9XD",
                                    "service": "兜底服务"}, signature="兜底服务")
        db.execute("UPDATE outbox SET provider = 'aliyun', provider_reference = 'BIZ1', "
                   "status = 'sent' WHERE reference = ?", [reference])
    items = [{"phone_number": "13800138000", "success": True, "biz_id": "BIZ1",
              "out_id": reference, "err_code": "DELIVERED", "err_msg": "用户接收成功",
              "send_time": "2026-11-23 10:00:00", "report_time": "2026-11-23 10:00:05",
              "sms_size": "1"}]
    assert client.post(f"/sms/aliyun/report/{TOKEN}", json=items).status_code == 200
    row = next(db.query("SELECT delivery_status FROM outbox WHERE reference = ?", [reference]))
    assert row["delivery_status"] == "delivered"
