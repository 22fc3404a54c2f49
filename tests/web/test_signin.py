"""Signing in with a mobile number and an SMS code; the session that follows."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import quote, urlsplit

import pytest

from .flows import (
    PHONE,
    deliver,
    error,
    forget_codes,
    latest_code,
    move_back,
    page,
    post,
    sign_in,
    sign_out,
    sms_bodies,
    sql,
    text,
)

BEIJING = timezone(timedelta(hours=8))


def ask_for_code(client, phone=PHONE, **kwargs):
    return post(client, "/signin", {"phone": phone}, **kwargs)


def type_code(client, code):
    return post(client, "/signin/code", {"code": code})


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_code_is_sent_to_the_phone_by_sms(client, app):
    ask_for_code(client)

    [body] = sms_bodies(client, app, "sign_in_code")
    assert body.startswith("【兜底服务】验证码")
    assert "10分钟内有效" in body


def test_code_page_says_where_the_code_went(client, app):
    response = client.get(ask_for_code(client).headers["Location"])

    assert "138****8000" in text(response, ".lead")


def test_right_code_signs_in_and_shows_my_applications(client, app):
    response = sign_in(client, app)

    assert response.headers["Location"] == "/status"
    assert "138****8000" in text(client.get("/status"))


def test_code_is_stored_only_as_a_hash(client, app):
    ask_for_code(client)
    code = latest_code(client, app, PHONE)

    [row] = sql(app, "SELECT * FROM sign_in_codes")
    assert all(code not in str(row[column]) for column in row.keys())
    assert len(row["code_hash"]) == 64


def test_code_older_than_ten_minutes_has_expired(client, app):
    ask_for_code(client)
    code = latest_code(client, app, PHONE)
    move_back(app, "sign_in_codes", ("created_at", "expires_at"), timedelta(minutes=11))

    response = type_code(client, code)

    assert response.status_code == 422
    assert "失效" in error(response, "code")


def test_code_younger_than_ten_minutes_still_works(client, app):
    ask_for_code(client)
    code = latest_code(client, app, PHONE)
    move_back(app, "sign_in_codes", ("created_at", "expires_at"), timedelta(minutes=9))

    assert type_code(client, code).status_code == 302


def test_used_code_cannot_sign_in_again(client, app):
    ask_for_code(client)
    code = latest_code(client, app, PHONE)
    half_signed_in = client.get_cookie("doudi").value
    type_code(client, code)
    replay = app.test_client()
    replay.set_cookie("doudi", half_signed_in)

    response = type_code(replay, code)

    assert response.status_code == 422
    assert error(response, "code") == "这个验证码已经用过了，请重新获取。"


def test_wrong_code_says_how_many_tries_are_left(client, app):
    ask_for_code(client)
    code = latest_code(client, app, PHONE)

    response = type_code(client, wrong(code))

    assert response.status_code == 422
    assert error(response, "code") == "验证码不对，还可以再试 4 次。"


def test_wrong_code_keeps_counting_down(client, app):
    ask_for_code(client)
    code = latest_code(client, app, PHONE)
    for _ in range(3):
        type_code(client, wrong(code))

    response = type_code(client, wrong(code))

    assert error(response, "code") == "验证码不对，还可以再试 1 次。"


def test_after_five_wrong_tries_even_the_right_code_is_refused(client, app):
    ask_for_code(client)
    code = latest_code(client, app, PHONE)
    for _ in range(5):
        type_code(client, wrong(code))

    response = type_code(client, code)

    assert response.status_code == 422
    assert error(response, "code") == "验证码输错5次已失效，请重新获取。"
    assert client.get("/status").status_code == 302


def test_new_code_after_too_many_wrong_tries_signs_in(client, app):
    ask_for_code(client)
    code = latest_code(client, app, PHONE)
    for _ in range(5):
        type_code(client, wrong(code))
    move_back(app, "sign_in_codes", ("created_at", "expires_at"), timedelta(minutes=2))
    ask_for_code(client)

    response = type_code(client, latest_code(client, app, PHONE))

    assert response.headers["Location"] == "/status"


def test_code_that_is_not_six_digits_is_refused(client, app):
    ask_for_code(client)

    response = type_code(client, "12345")

    assert response.status_code == 422
    assert error(response, "code") == "请填写短信里的6位数字验证码"


def test_code_typed_with_spaces_is_accepted(client, app):
    ask_for_code(client)
    code = latest_code(client, app, PHONE)

    assert type_code(client, f"{code[:3]} {code[3:]}").status_code == 302


@pytest.mark.parametrize("typed", ["1380013800", "23800138000", "138-0013-800a", ""])
def test_invalid_phone_number_is_refused_with_a_message(client, typed):
    response = ask_for_code(client, typed)

    assert response.status_code == 422
    assert error(response, "phone") == "请填写11位手机号码，例如 13800138000"
    assert "请填写11位手机号码" in text(response, ".error-summary")


def test_refused_phone_number_stays_in_the_box(client):
    response = ask_for_code(client, "1380013800")

    assert page(response).select_one("#phone")["value"] == "1380013800"


def test_phone_typed_with_country_code_and_dashes_gets_the_code(client, app):
    ask_for_code(client, "+86 138-0013-8000")

    assert latest_code(client, app, PHONE)


def test_code_page_without_a_phone_goes_back_to_the_phone_page(client):
    response = client.get("/signin/code")

    assert response.headers["Location"] == "/signin"


# --- how often codes can be sent ---------------------------------------------------------

def test_second_code_within_a_minute_is_refused(client):
    ask_for_code(client)

    response = ask_for_code(client)

    assert response.status_code == 429
    assert error(response, "phone") == "发送太频繁了。为防止被骗，请在 1 分钟后再获取验证码。"


def test_second_code_after_a_minute_is_sent(client, app):
    ask_for_code(client)
    move_back(app, "sign_in_codes", ("created_at", "expires_at"), timedelta(seconds=61))

    assert ask_for_code(client).status_code == 302


def test_sixth_code_within_an_hour_is_refused(client, app):
    for _ in range(5):
        assert ask_for_code(client).status_code == 302
        move_back(app, "sign_in_codes", ("created_at", "expires_at"), timedelta(minutes=11))
    # the five codes were sent 55, 44, 33, 22 and 11 minutes ago

    response = ask_for_code(client)

    assert response.status_code == 429
    assert error(response, "phone") == "发送太频繁了。为防止被骗，请在 5 分钟后再获取验证码。"


def test_eleventh_code_in_a_day_says_when_to_try_again(client, app):
    for _ in range(10):
        assert ask_for_code(client).status_code == 302
        move_back(app, "sign_in_codes", ("created_at", "expires_at"), timedelta(minutes=70))
    first = min(datetime.fromisoformat(r[0]) for r in sql(app, "SELECT created_at FROM sign_in_codes"))
    again = (first + timedelta(days=1)).astimezone(BEIJING).strftime("%m月%d日 %H:%M")

    response = ask_for_code(client)

    assert response.status_code == 429
    assert error(response, "phone") == f"今天获取验证码的次数太多了，请在 {again} 以后再试。"


def test_same_number_typed_another_way_shares_the_limit(client):
    ask_for_code(client, "13800138000")

    response = ask_for_code(client, "+86 138 0013 8000")

    assert response.status_code == 429


def test_limit_on_one_number_does_not_stop_another(client):
    ask_for_code(client)

    assert ask_for_code(client, "13900139000").status_code == 302


def test_many_numbers_from_one_address_are_refused(app):
    client = app.test_client()
    here = {"REMOTE_ADDR": "198.51.100.7"}
    for n in range(20):
        assert ask_for_code(client, f"1390000{n:04d}", environ_base=here).status_code == 302

    response = ask_for_code(client, "13900009999", environ_base=here)

    assert response.status_code == 429
    assert "分钟后再获取验证码" in error(response, "phone")


def test_address_limit_does_not_stop_another_address(app):
    client = app.test_client()
    for n in range(20):
        ask_for_code(client, f"1390000{n:04d}", environ_base={"REMOTE_ADDR": "198.51.100.7"})

    response = ask_for_code(client, "13900009999", environ_base={"REMOTE_ADDR": "198.51.100.8"})

    assert response.status_code == 302


def test_forwarded_for_header_does_not_get_round_the_address_limit(app):
    client = app.test_client()
    here = {"REMOTE_ADDR": "198.51.100.7"}
    for n in range(20):
        headers = {"X-Forwarded-For": f"203.0.113.{n}"}
        ask_for_code(client, f"1390000{n:04d}", environ_base=here, headers=headers)

    response = ask_for_code(client, "13900009999", environ_base=here,
                            headers={"X-Forwarded-For": "203.0.113.200"})

    assert response.status_code == 429


# --- the session -------------------------------------------------------------------------

def test_signing_in_gives_a_new_session_cookie(client, app):
    ask_for_code(client)
    before = client.get_cookie("doudi").value
    code = latest_code(client, app, PHONE)

    type_code(client, code)

    assert client.get_cookie("doudi").value != before


def test_sign_out_ends_the_session(client, app):
    sign_in(client, app)

    sign_out(client)

    assert client.get("/status").headers["Location"].startswith("/signin")


def test_old_session_cookie_cannot_be_used_after_sign_out(client, app):
    sign_in(client, app)
    signed_in = client.get_cookie("doudi").value
    sign_out(client)
    thief = app.test_client()
    thief.set_cookie("doudi", signed_in)

    response = thief.get("/status")

    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/signin"


def test_thirty_minutes_idle_ends_the_session(client, app):
    sign_in(client, app)
    move_back(app, "resident_sessions", ("created_at", "last_seen"), timedelta(minutes=31))

    response = client.get("/status")

    assert response.status_code == 302
    assert response.headers["Location"] == "/signin?next=/status"
    assert "30分钟没有操作" in text(client.get(response.headers["Location"]), ".notice")


def test_visitor_who_never_signed_in_gets_no_idle_notice(client):
    response = client.get("/status")

    assert response.headers["Location"] == "/signin?next=/status"
    assert page(client.get(response.headers["Location"])).select_one(".notice") is None


def test_session_in_use_within_thirty_minutes_stays_open(client, app):
    sign_in(client, app)
    move_back(app, "resident_sessions", ("created_at", "last_seen"), timedelta(minutes=29))

    assert client.get("/status").status_code == 200


def test_after_idle_sign_in_returns_to_the_page_i_was_on(client, app):
    sign_in(client, app)
    move_back(app, "resident_sessions", ("created_at", "last_seen"), timedelta(minutes=31))
    client.get("/status")

    forget_codes(app)
    post(client, "/signin?next=/status", {"phone": PHONE})
    response = type_code(client, latest_code(client, app, PHONE))

    assert response.headers["Location"] == "/status"


def test_sign_in_returns_to_the_page_that_asked_for_it(client, app):
    response = sign_in(client, app, next_url=quote("/start/application", safe=""))

    assert response.headers["Location"] == "/start/application"


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/x",
                                    "/\\evil.example", "\\\\evil.example"])
def test_next_pointing_to_another_site_is_not_followed(client, app, target):
    response = sign_in(client, app, next_url=quote(target, safe=""))

    location = response.headers["Location"]
    assert urlsplit(location).netloc == ""
    assert location.startswith("/") and not location.startswith("//")
    assert "\\" not in location


def test_code_sms_is_delivered_once(client, app):
    ask_for_code(client)
    deliver(app)

    assert deliver(app) == 0
