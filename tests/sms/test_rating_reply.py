"""好差评 by SMS reply (国办发〔2019〕51号): a digit 1–5 sent back rates the phone's newest
finished service, through the real inbound paths (the signed Twilio webhook, the Aliyun push);
a rating is recorded once when the provider delivers the same reply twice, and once when two
different replies arrive for one service."""

from __future__ import annotations

import pytest

from tests.resident.rating_flows import rate_on_web, refused_case, resident_client
from tests.sms.test_twilio import PHONE, post_signed, reply
from webapp.store.engine import connect

TOKEN = "s3cret-push-token"


@pytest.fixture
def twilio_db(twilio_app):
    database = connect(twilio_app.config["DATABASE"])
    yield database
    database.close()


def rows(app, query: str, *params) -> list[tuple]:
    db = connect(app.config["DATABASE"])
    try:
        return [tuple(r) for r in db.execute(query, params).fetchall()]
    finally:
        db.close()


def replies(app) -> list[str]:
    return [r[0] for r in rows(app, "SELECT template FROM outbox WHERE kind = 'reply' ORDER BY id")]


def push(client, items: list[dict]):
    return client.post(f"/sms/aliyun/inbound/{TOKEN}", json=items)


def uplink(content: str, sequence_id: int, phone: str = "86" + PHONE) -> dict:
    return {"phone_number": phone, "content": content, "sequence_id": sequence_id,
            "send_time": "2026-11-23 10:00:00", "sign_name": "兜底服务", "dest_code": "1"}


def test_a_signed_digit_reply_rates_the_service_and_is_thanked(twilio_app, twilio_db):
    case_id, reference = refused_case(twilio_app, twilio_db, phone=PHONE)

    response = post_signed(twilio_app.test_client(), "/sms/twilio/inbound", reply("2"))

    assert response.status_code == 200
    assert rows(twilio_app, "SELECT i.case_id, r.level, r.channel FROM ratings r JOIN "
                "rating_invitations i ON i.id = r.invitation_id") == [(case_id, 2, "sms")]
    assert replies(twilio_app) == ["rating_thanks"]
    [body] = rows(twilio_app, "SELECT body FROM outbox WHERE template = 'rating_thanks'")
    assert reference in body[0]


def test_the_same_reply_delivered_twice_is_recorded_once(twilio_app, twilio_db):
    refused_case(twilio_app, twilio_db, phone=PHONE)
    client = twilio_app.test_client()
    params = reply("5")

    post_signed(client, "/sms/twilio/inbound", params)
    post_signed(client, "/sms/twilio/inbound", params)

    assert rows(twilio_app, "SELECT level FROM ratings") == [(5,)]
    assert len(rows(twilio_app, "SELECT id FROM rating_followups")) == 1
    assert len(rows(twilio_app, "SELECT id FROM inbound_sms")) == 1
    assert replies(twilio_app) == ["rating_low_thanks"]


def test_a_second_different_reply_for_a_rated_service_is_answered_politely(twilio_app, twilio_db):
    _case_id, reference = refused_case(twilio_app, twilio_db, phone=PHONE)
    client = twilio_app.test_client()

    post_signed(client, "/sms/twilio/inbound", reply("1"))
    post_signed(client, "/sms/twilio/inbound", reply("5"))

    assert rows(twilio_app, "SELECT level FROM ratings") == [(1,)]
    assert rows(twilio_app, "SELECT id FROM rating_followups") == []
    assert replies(twilio_app) == ["rating_thanks", "rating_already"]
    [body] = rows(twilio_app, "SELECT body FROM outbox WHERE template = 'rating_already'")
    assert reference in body[0] and "已评价过" in body[0]


def test_a_reply_after_rating_on_the_web_records_nothing_more(app, db, client):
    app.config["ALIYUN_PUSH_TOKEN"] = TOKEN
    case_id, reference = refused_case(app, db, phone=PHONE)
    invitation = rows(app, "SELECT id FROM rating_invitations WHERE case_id = ?", case_id)[0][0]
    rate_on_web(resident_client(app, PHONE), reference, invitation, "3")

    push(client, [uplink("4", 3)])

    assert rows(app, "SELECT level, channel FROM ratings") == [(3, "web")]
    assert replies(app) == ["rating_already"]


def test_an_aliyun_push_repeated_rates_once_and_opens_one_follow_up(app, db, client):
    app.config["ALIYUN_PUSH_TOKEN"] = TOKEN
    refused_case(app, db, phone=PHONE)

    for _ in range(2):
        assert push(client, [uplink("４", 71)]).get_json()["code"] == 0  # full-width digit

    assert rows(app, "SELECT level, channel FROM ratings") == [(4, "sms")]
    [(due_on,)] = rows(app, "SELECT due_on FROM rating_followups")
    assert replies(app) == ["rating_low_thanks"]
    [body] = rows(app, "SELECT body FROM outbox WHERE template = 'rating_low_thanks'")
    month, day = int(due_on[5:7]), int(due_on[8:10])
    assert f"{month}月{day}日前答复您" in body[0]


def test_a_reply_rates_only_the_phones_newest_service(app, db, client):
    app.config["ALIYUN_PUSH_TOKEN"] = TOKEN
    older, _ = refused_case(app, db, phone=PHONE)
    newer, _ = refused_case(app, db, phone=PHONE)

    push(client, [uplink("2", 1)])
    push(client, [uplink("3", 2)])

    assert rows(app, "SELECT i.case_id, r.level FROM ratings r JOIN rating_invitations i "
                "ON i.id = r.invitation_id") == [(newer, 2)]
    assert replies(app) == ["rating_thanks", "rating_already"]
    assert older != newer


def test_a_digit_from_a_phone_with_nothing_to_rate_is_answered_and_records_nothing(app, client):
    app.config["ALIYUN_PUSH_TOKEN"] = TOKEN

    push(client, [uplink("1", 9, phone="13800138999")])

    assert rows(app, "SELECT count(*) FROM ratings") == [(0,)]
    assert replies(app) == ["rating_none"]


@pytest.mark.parametrize("body", ["0", "6", "12", "1 2"])
def test_other_numbers_are_not_ratings(app, db, client, body):
    app.config["ALIYUN_PUSH_TOKEN"] = TOKEN
    refused_case(app, db, phone=PHONE)

    push(client, [uplink(body, 5)])

    assert rows(app, "SELECT action FROM inbound_sms") == [("unknown",)]
    assert rows(app, "SELECT count(*) FROM ratings") == [(0,)]
