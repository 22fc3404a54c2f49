"""Replies, where the provider carries them: 退订/TD/STOP opt out of reminders, 查询/CX answers
with the state of the sender's latest submission, each acted on once."""

from __future__ import annotations

import pytest
from conftest import csrf, deliver, sign_in

from webapp.sms import inbound, optout
from webapp.store.engine import connect

PHONE = "13200132000"


def reply(app, body: str, reference: str = "SM1", phone: str = PHONE) -> str:
    db = connect(app.config["DATABASE"])
    try:
        return inbound.handle(db, provider="twilio", provider_reference=reference, phone=phone,
                              body=body, config=app.config)
    finally:
        db.close()


def outbox_rows(app, phone: str = PHONE) -> list[dict]:
    db = connect(app.config["DATABASE"])
    rows = list(db.query("SELECT * FROM outbox WHERE phone = ? AND kind = 'reply' ORDER BY id",
                         [phone]))
    db.close()
    return rows


@pytest.mark.parametrize("word", ["退订", "TD", "td", "STOP", "Stop", " 退订。", "ＴＤ"])
def test_opt_out_words_stop_reminders(app, word):
    assert reply(app, word) == "opt_out"
    db = connect(app.config["DATABASE"])
    assert optout.is_opted_out(db, PHONE)
    assert "已退订" in outbox_rows(app)[0]["body"]


@pytest.mark.parametrize("word", ["你好", "TDD", "不要退订了吗", ""])
def test_other_words_change_nothing(app, word):
    assert reply(app, word) == "unknown"
    db = connect(app.config["DATABASE"])
    assert not optout.is_opted_out(db, PHONE)
    assert outbox_rows(app) == []


def test_a_reply_delivered_twice_is_acted_on_once(app):
    reply(app, "查询", reference="SMdup")
    assert reply(app, "查询", reference="SMdup") == "duplicate"
    assert len(outbox_rows(app)) == 1


def test_query_answers_with_the_latest_submission_state(client, app):
    sign_in(client, app, PHONE)
    page = client.get("/start/self_declaration")
    client.post("/start/self_declaration/begin", data={"csrf_token": csrf(page)})
    for word in ("查询", "cx"):
        assert reply(app, word, reference=f"SM-{word}") == "status_query"
    bodies = [row["body"] for row in outbox_rows(app)]
    assert len(bodies) == 2
    assert all("自主申报" in body and "还没提交" in body for body in bodies)


def test_query_from_an_unknown_number_says_nothing_was_found(app):
    reply(app, "CX", phone="13200132999")
    assert "没有查到" in outbox_rows(app, "13200132999")[0]["body"]


def test_a_status_reply_waits_for_the_morning_in_quiet_hours(app):
    app.config["SMS_QUIET_HOURS"] = "00:00-23:59"
    reply(app, "查询", reference="SMnight")
    deliver(app)
    assert outbox_rows(app)[0]["status"] == "created"


def test_residents_can_turn_reminders_off_and_on_from_the_status_page(client, app):
    sign_in(client, app, "13200132001")
    page = client.get("/status")
    assert "关闭提醒短信" in page.get_data(as_text=True)
    client.post("/reminders", data={"csrf_token": csrf(page), "reminders": "off"})
    page = client.get("/status")
    assert "已关闭" in page.get_data(as_text=True)
    db = connect(app.config["DATABASE"])
    assert optout.is_opted_out(db, "13200132001")
    client.post("/reminders", data={"csrf_token": csrf(page), "reminders": "on"})
    assert not optout.is_opted_out(db, "13200132001")
